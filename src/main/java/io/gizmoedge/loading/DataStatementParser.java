package io.gizmoedge.loading;

import io.gizmoedge.catalog.TablePlacement;
import io.gizmoedge.engine.SqlNames;
import io.gizmoedge.loading.SqlTokenizer.Kind;
import io.gizmoedge.loading.SqlTokenizer.Token;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises the data statements ({@link DataStatement}) by their first words and reads their own
 * syntax; the query inside a {@code CREATE TABLE ... AS} or {@code INSERT INTO} is kept as written.
 * Any other text is not a data statement and goes to the query planner.
 */
public final class DataStatementParser {
    private static final Set<String> TABLE_CONSTRAINTS = Set.of("primary", "unique", "check", "foreign", "constraint");
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    /** The data statement {@code sql} is, or empty when it is something else (a query). */
    public Optional<DataStatement> parse(String sql) throws LoadException {
        List<Token> tokens = SqlTokenizer.tokenize(stripTrailingSemicolons(sql));
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        Cursor cursor = new Cursor(sql, tokens);
        if (cursor.accept("CREATE")) {
            if (cursor.accept("OR")) {
                throw new LoadException("CREATE OR REPLACE TABLE is not supported: DROP TABLE the old one first");
            }
            if (!cursor.accept("TABLE")) {
                return Optional.empty(); // CREATE VIEW, CREATE SCHEMA ...: refused as not a query
            }
            return Optional.of(createTable(cursor));
        }
        if (cursor.accept("INSERT")) {
            cursor.expect("INTO", "INSERT INTO table SELECT ...");
            String table = tableName(cursor);
            if (cursor.peekSymbol("(") && !cursor.peekQueryAfterParenthesis()) {
                throw new LoadException("INSERT INTO " + table + " with a column list is not supported:"
                        + " select every column of the table, in its order");
            }
            return Optional.of(new DataStatement.InsertInto(table, cursor.rest("a query or VALUES after INSERT INTO " + table)));
        }
        if (cursor.accept("DROP")) {
            if (!cursor.accept("TABLE")) {
                return Optional.empty();
            }
            boolean ifExists = false;
            if (cursor.accept("IF")) {
                cursor.expect("EXISTS", "DROP TABLE IF EXISTS name");
                ifExists = true;
            }
            String table = tableName(cursor);
            cursor.expectEnd("DROP TABLE " + table);
            return Optional.of(new DataStatement.DropTable(table, ifExists));
        }
        if (cursor.accept("ANALYZE") || cursor.accept("ANALYSE")) {
            if (cursor.atEnd()) {
                return Optional.of(new DataStatement.Analyze(Optional.empty()));
            }
            String table = tableName(cursor);
            cursor.expectEnd("ANALYZE " + table);
            return Optional.of(new DataStatement.Analyze(Optional.of(table)));
        }
        if (cursor.accept("SHOW")) {
            if (cursor.accept("TABLES") && cursor.atEnd()) {
                return Optional.of(new DataStatement.ShowTables());
            }
            if (cursor.accept("STATS")) {
                cursor.expect("FOR", "SHOW STATS FOR table");
                String table = tableName(cursor);
                cursor.expectEnd("SHOW STATS FOR " + table);
                return Optional.of(new DataStatement.ShowStats(table));
            }
            return Optional.empty();
        }
        if (cursor.accept("DESCRIBE") || cursor.accept("DESC")) {
            if (cursor.atEnd() || cursor.peek().is("SELECT") || cursor.peek().is("FROM") || cursor.peek().is("WITH")) {
                return Optional.empty();
            }
            String table = tableName(cursor);
            if (!cursor.atEnd()) {
                return Optional.empty();
            }
            return Optional.of(new DataStatement.Describe(table));
        }
        return Optional.empty();
    }

    /**
     * The statement an import of rows into {@code table} amounts to: {@code INSERT INTO table query}
     * without a placement, {@code CREATE TABLE table placement AS query} with one. The table name
     * and the placement clause (such as {@code DISTRIBUTED BY (id)}) follow the rules of those
     * statements; {@code query} names where the rows are and is not parsed.
     */
    public DataStatement importTarget(String table, Optional<String> placement, String query) throws LoadException {
        List<Token> nameTokens = SqlTokenizer.tokenize(table);
        Cursor name = new Cursor(table, nameTokens);
        String target = tableName(name);
        name.expectEnd("the table name " + target);
        if (placement.isEmpty()) {
            return new DataStatement.InsertInto(target, query);
        }
        String text = stripTrailingSemicolons(placement.get());
        Cursor cursor = new Cursor(text, SqlTokenizer.tokenize(text));
        TablePlacement parsed = placement(cursor, target);
        cursor.expectEnd(parsed.describe());
        return new DataStatement.CreateTable(target, parsed, Optional.empty(), Optional.of(query), false);
    }

    private static DataStatement createTable(Cursor cursor) throws LoadException {
        boolean ifNotExists = false;
        if (cursor.accept("IF")) {
            cursor.expect("NOT", "CREATE TABLE IF NOT EXISTS name ...");
            cursor.expect("EXISTS", "CREATE TABLE IF NOT EXISTS name ...");
            ifNotExists = true;
        }
        String table = tableName(cursor);
        Optional<String> columns = Optional.empty();
        if (cursor.peekSymbol("(")) {
            columns = Optional.of(cursor.columnDefinitions("the column definitions of " + table));
        }
        TablePlacement placement = placement(cursor, table);
        if (columns.isPresent()) {
            cursor.expectEnd("CREATE TABLE " + table + " (columns) " + placement.describe());
            return new DataStatement.CreateTable(table, placement, columns, Optional.empty(), ifNotExists);
        }
        cursor.expect("AS", "CREATE TABLE " + table + " " + placement.describe() + " AS SELECT ...");
        String query = cursor.rest("a query after AS");
        return new DataStatement.CreateTable(table, placement, Optional.empty(), Optional.of(query), ifNotExists);
    }

    private static TablePlacement placement(Cursor cursor, String table) throws LoadException {
        String usage = "say where the rows go: DISTRIBUTED BY (column), DISTRIBUTED LIKE parent ON (" + table
                + ".column = parent.column) or REPLICATED";
        if (cursor.accept("REPLICATED")) {
            return new TablePlacement.Replicated();
        }
        if (!cursor.accept("DISTRIBUTED")) {
            throw new LoadException("CREATE TABLE " + table + " needs a placement: " + usage);
        }
        if (cursor.accept("BY")) {
            cursor.expectSymbol("(", "DISTRIBUTED BY (column)");
            String column = cursor.name("DISTRIBUTED BY (column)");
            if (cursor.peekSymbol(",")) {
                throw new LoadException("DISTRIBUTED BY takes one column");
            }
            cursor.expectSymbol(")", "DISTRIBUTED BY (column)");
            return new TablePlacement.DistributedBy(column);
        }
        if (cursor.accept("LIKE")) {
            String parent = tableName(cursor);
            String form = "DISTRIBUTED LIKE " + parent + " ON (" + table + ".column = " + parent + ".column)";
            cursor.expect("ON", form);
            cursor.expectSymbol("(", form);
            String[] left = qualifiedColumn(cursor, form);
            cursor.expectSymbol("=", form);
            String[] right = qualifiedColumn(cursor, form);
            cursor.expectSymbol(")", form);
            String[] child = left;
            String[] parentSide = right;
            if (parent.equals(left[0]) && !parent.equals(right[0])) {
                child = right;
                parentSide = left;
            }
            if (!parent.equals(parentSide[0]) || (child[0] != null && !table.equals(child[0]))) {
                throw new LoadException("the condition must equate a column of " + table + " with a column of " + parent
                        + ": " + form);
            }
            if (parent.equals(table)) {
                throw new LoadException("a table cannot be distributed like itself");
            }
            return new TablePlacement.DistributedLike(parent, child[1], parentSide[1]);
        }
        throw new LoadException("unknown placement after DISTRIBUTED: " + usage);
    }

    /** {@code [table.]column} as {qualifier or null, column}. */
    private static String[] qualifiedColumn(Cursor cursor, String form) throws LoadException {
        String first = cursor.name(form);
        if (cursor.peekSymbol(".")) {
            cursor.expectSymbol(".", form);
            return new String[] {first, cursor.name(form)};
        }
        return new String[] {null, first};
    }

    private static String tableName(Cursor cursor) throws LoadException {
        String name = cursor.name("a table name");
        if (cursor.peekSymbol(".")) {
            throw new LoadException("tables live in one schema: write the table name without " + name + ".");
        }
        if (!TABLE_NAME.matcher(name).matches()) {
            throw new LoadException("table names are lower-case letters, digits and _ (starting with a letter or _), not \""
                    + name + "\"");
        }
        return name;
    }

    static String stripTrailingSemicolons(String sql) {
        String text = sql.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }

    /** Walks the tokens of one statement. */
    private static final class Cursor {
        private final String sql;
        private final List<Token> tokens;
        private int position;

        Cursor(String sql, List<Token> tokens) {
            this.sql = stripTrailingSemicolons(sql);
            this.tokens = tokens;
        }

        boolean atEnd() {
            return position >= tokens.size();
        }

        Token peek() {
            return tokens.get(position);
        }

        boolean accept(String word) {
            if (!atEnd() && peek().is(word)) {
                position++;
                return true;
            }
            return false;
        }

        boolean peekSymbol(String symbol) {
            return !atEnd() && peek().isSymbol(symbol);
        }

        /** True when a '(' at the cursor opens a query ({@code INSERT INTO t (SELECT ...)}), not a column list. */
        boolean peekQueryAfterParenthesis() {
            return position + 1 < tokens.size() && (tokens.get(position + 1).is("SELECT")
                    || tokens.get(position + 1).is("FROM") || tokens.get(position + 1).is("WITH")
                    || tokens.get(position + 1).is("VALUES"));
        }

        void expect(String word, String form) throws LoadException {
            if (!accept(word)) {
                throw new LoadException("expected " + word + (atEnd() ? " at the end" : " before '" + peek().text() + "'")
                        + "; the form is: " + form);
            }
        }

        void expectSymbol(String symbol, String form) throws LoadException {
            if (!peekSymbol(symbol)) {
                throw new LoadException("expected '" + symbol + "'" + (atEnd() ? " at the end" : " before '"
                        + peek().text() + "'") + "; the form is: " + form);
            }
            position++;
        }

        void expectEnd(String form) throws LoadException {
            if (!atEnd()) {
                throw new LoadException("unexpected '" + peek().text() + "' after " + form);
            }
        }

        String name(String what) throws LoadException {
            if (atEnd() || (peek().kind() != Kind.WORD && peek().kind() != Kind.QUOTED_NAME)) {
                throw new LoadException("expected " + what + (atEnd() ? " at the end" : " before '" + peek().text() + "'"));
            }
            return tokens.get(position++).name();
        }

        /** The text between a '(' at the cursor and its matching ')', moving past both. */
        String parenthesized(String what) throws LoadException {
            int depth = 0;
            int start = peek().end();
            for (int i = position; i < tokens.size(); i++) {
                if (tokens.get(i).isSymbol("(")) {
                    depth++;
                } else if (tokens.get(i).isSymbol(")") && --depth == 0) {
                    String inside = sql.substring(start, tokens.get(i).start()).strip();
                    position = i + 1;
                    if (inside.isEmpty()) {
                        throw new LoadException(what + " are empty");
                    }
                    return inside;
                }
            }
            throw new LoadException(what + " lack a closing ')'");
        }

        /**
         * The column definitions between a '(' at the cursor and its matching ')', moving past
         * both, with every column name quoted so that names DuckDB reserves ({@code at},
         * {@code order}) are taken as names: {@code (user_id BIGINT, at TIMESTAMP)} becomes
         * {@code ("user_id" BIGINT, "at" TIMESTAMP)}; types and constraints stay as written.
         */
        String columnDefinitions(String what) throws LoadException {
            int open = position;
            parenthesized(what);
            int close = position - 1;
            StringBuilder quoted = new StringBuilder();
            int depth = 0;
            boolean atColumnStart = true;
            int copied = tokens.get(open).end();
            for (int i = open + 1; i < close; i++) {
                Token token = tokens.get(i);
                if (atColumnStart) {
                    if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED_NAME) {
                        throw new LoadException("expected a column name before '" + token.text() + "' in " + what
                                + "; the form is: (name TYPE, ...)");
                    }
                    if (TABLE_CONSTRAINTS.contains(token.name()) && token.kind() == Kind.WORD) {
                        throw new LoadException("table constraints (" + token.text() + ") are not supported: rows are"
                                + " spread over shards, so no node could enforce them; list only columns and types");
                    }
                    quoted.append(sql, copied, token.start()).append(SqlNames.quote(token.name()));
                    copied = token.end();
                    atColumnStart = false;
                } else if (token.isSymbol("(")) {
                    depth++;
                } else if (token.isSymbol(")")) {
                    depth--;
                } else if (token.isSymbol(",") && depth == 0) {
                    atColumnStart = true;
                }
            }
            if (atColumnStart) {
                throw new LoadException(what + " end with a ','; remove it or add a column");
            }
            quoted.append(sql, copied, tokens.get(close).start());
            return quoted.toString().strip();
        }

        /** The rest of the statement, as written. */
        String rest(String what) throws LoadException {
            if (atEnd()) {
                throw new LoadException("expected " + what);
            }
            String rest = sql.substring(peek().start()).strip();
            position = tokens.size();
            return rest;
        }
    }
}
