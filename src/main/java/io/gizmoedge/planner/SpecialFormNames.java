package io.gizmoedge.planner;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.parser.babel.SimpleCharStream;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImplTokenManager;
import org.apache.calcite.sql.parser.babel.Token;

/**
 * Lets Babel's parser read DuckDB calls whose names its grammar keeps for another dialect's special
 * form: {@code date_diff('day', a, b)} and {@code datediff('day', a, b)}, which Babel parses as
 * BigQuery's {@code DATE_DIFF(a, b, DAY)} and SQL Server's {@code DATEDIFF(DAY, a, b)} and so
 * refuses. Such a name followed by {@code (} and a string literal is quoted, which makes it a plain
 * function call ({@link DuckDbFunctions} knows it). Babel's own lexer finds the tokens, so names in
 * strings, quoted identifiers and comments stay as they are.
 */
final class SpecialFormNames {
    /** The names, lower case, of DuckDB functions whose calls Babel parses as a special form. */
    private static final Set<String> NAMES = Set.of("date_diff", "datediff");

    private SpecialFormNames() {
    }

    /** {@code sql} with the names of those calls quoted; unchanged when there are none or it cannot be read. */
    static String quoteDuckDbCalls(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        if (NAMES.stream().noneMatch(lower::contains)) {
            return sql;
        }
        List<Token> tokens;
        try {
            tokens = tokens(sql);
        } catch (RuntimeException | Error e) { // TokenMgrError: the parser will say what is wrong
            return sql;
        }
        int[] lineStarts = lineStarts(sql);
        StringBuilder quoted = new StringBuilder(sql);
        // from the end, so that earlier offsets stay valid
        for (int i = tokens.size() - 3; i >= 0; i--) {
            Token name = tokens.get(i);
            if (NAMES.contains(name.image.toLowerCase(Locale.ROOT))
                    && tokens.get(i + 1).kind == SqlBabelParserImplConstants.LPAREN
                    && tokens.get(i + 2).kind == SqlBabelParserImplConstants.QUOTED_STRING
                    && name.beginLine == name.endLine) {
                int start = lineStarts[name.beginLine - 1] + name.beginColumn - 1;
                int end = lineStarts[name.endLine - 1] + name.endColumn;
                if (sql.substring(start, end).equalsIgnoreCase(name.image)) {
                    quoted.insert(end, '"').insert(start, '"');
                }
            }
        }
        return quoted.toString();
    }

    /** The tokens of {@code sql} as Babel's parser reads them (double-quoted identifiers), without EOF. */
    private static List<Token> tokens(String sql) {
        SqlBabelParserImplTokenManager lexer = new SqlBabelParserImplTokenManager(new OneColumnTabs(sql),
                SqlBabelParserImplConstants.DQID);
        List<Token> tokens = new ArrayList<>();
        for (Token token = lexer.getNextToken(); token.kind != SqlBabelParserImplConstants.EOF; token = lexer.getNextToken()) {
            tokens.add(token);
        }
        return tokens;
    }

    /**
     * Where each line of {@code sql} starts, as the lexer counts lines: a line ends at {@code \n},
     * at {@code \r\n}, and at a {@code \r} alone.
     */
    private static int[] lineStarts(String sql) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= sql.length() || sql.charAt(i + 1) != '\n'))) {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The lexer's input, counting a tab as one column (as the parser does), so that columns are offsets. */
    private static final class OneColumnTabs extends SimpleCharStream {
        OneColumnTabs(String sql) {
            super(new StringReader(sql));
            setTabSize(1);
        }
    }
}
