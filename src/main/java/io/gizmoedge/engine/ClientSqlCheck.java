package io.gizmoedge.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * Refuses SQL from clients that would show them a node's configuration: settings, file system paths,
 * memory and temporary directory, secrets, extensions, logs. DuckDB's own parser decides what the
 * SQL calls ({@code json_serialize_sql} gives its parse tree), so a name in a string or a comment is
 * no call, and no spelling hides one (quotes, upper case, a schema, {@code x.f()}, a lambda, a
 * subquery, a second statement). Refused are:
 *
 * <ul>
 * <li>every statement that is not a query: SET, RESET, PRAGMA, CALL, PREPARE, a PIVOT that reads its
 *     columns from the data (DuckDB runs it as two statements), ...;
 * <li>table functions outside {@link #DATA_TABLE_FUNCTIONS}: {@code duckdb_settings()},
 *     {@code duckdb_databases()}, every {@code pragma_*()}, {@code query()}, {@code checkpoint()}, ...;
 * <li>the scalar functions in {@link #SCALAR_FUNCTIONS}, such as {@code current_setting};
 * <li>DuckDB's views over refused table functions ({@code duckdb_databases}, {@code pg_settings}, ...),
 *     and {@code SHOW DATABASES}/{@code SHOW VARIABLES}.
 * </ul>
 *
 * Queries over data keep working, including DuckDB's catalog functions ({@code duckdb_tables()},
 * {@code information_schema}), which show tables and columns but no paths or settings. Table
 * functions are allowed by name rather than refused, so that one a new DuckDB adds is refused until
 * someone looks at it.
 */
public final class ClientSqlCheck {
    private static final String REVEALS = "it reveals the server's configuration";
    private static final String RUNS_TEXT = "it runs SQL given as text, which could reveal the server's configuration";
    private static final String NOT_DATA = "it acts on the server itself, not on data";

    /** Table functions over data (or over files, which DuckDB refuses by its own configuration). */
    static final Set<String> DATA_TABLE_FUNCTIONS = Set.of(
            "range", "generate_series", "unnest", "repeat", "repeat_row", "json_each", "json_tree", "summary",
            "test_all_types", "test_vector_types", "pg_timezone_names", "icu_calendar_names",
            "read_csv", "read_csv_auto", "read_json", "read_json_auto", "read_json_objects", "read_json_objects_auto",
            "read_ndjson", "read_ndjson_auto", "read_ndjson_objects", "read_parquet", "parquet_scan", "parquet_metadata",
            "parquet_schema", "parquet_file_metadata", "parquet_kv_metadata", "parquet_full_metadata", "parquet_bloom_probe",
            "read_text", "read_blob", "glob", "sniff_csv",
            // the catalog: tables, columns, types and functions, no paths or settings
            "duckdb_tables", "duckdb_columns", "duckdb_views", "duckdb_schemas", "duckdb_types", "duckdb_functions",
            "duckdb_keywords", "duckdb_indexes", "duckdb_constraints", "duckdb_sequences", "duckdb_dependencies");

    /** Table functions refused for another reason than revealing the configuration. */
    private static final Map<String, String> TABLE_FUNCTION_REASONS = Map.of(
            "query", RUNS_TEXT, "query_table", RUNS_TEXT, "json_execute_serialized_sql", RUNS_TEXT,
            "histogram", RUNS_TEXT, "histogram_values", RUNS_TEXT,
            "checkpoint", NOT_DATA, "force_checkpoint", NOT_DATA, "arrow_scan", NOT_DATA, "arrow_scan_dumb", NOT_DATA,
            "read_duckdb", NOT_DATA);

    /** Scalar functions refused, and why. */
    static final Map<String, String> SCALAR_FUNCTIONS = Map.of(
            "current_setting", REVEALS, "getvariable", REVEALS, "getenv", REVEALS, "json_serialize_plan", RUNS_TEXT,
            "write_log", NOT_DATA);

    /** DuckDB's views whose definitions call a refused table function (a test compares with DuckDB's list). */
    static final Set<String> VIEWS = Set.of("duckdb_databases", "duckdb_logs", "pragma_database_list", "pg_database",
            "pg_prepared_statements", "pg_settings");

    /** SHOW forms (table names of DuckDB's SHOW_SPECIAL) that list databases or variables. */
    private static final Map<String, String> SHOW_SPECIAL = Map.of("\"databases\"", "SHOW DATABASES",
            "\"variables\"", "SHOW VARIABLES");

    /** First words of a statement that is a query (as the name scan reads them, lower case). */
    private static final Set<String> QUERY_STARTS = Set.of("select", "from", "with", "values");

    /** Words that make a statement that starts as a query more than one (WITH ... INSERT, SELECT ... INTO, PIVOT). */
    private static final Set<String> NOT_QUERY_WORDS = Set.of("insert", "update", "delete", "merge", "copy", "into",
            "pivot", "unpivot", "pivot_wider", "pivot_longer");

    /** Read from DuckDB once: every table function of the DuckDB library, whatever its version adds. */
    private static volatile Set<String> tableFunctionNames;

    private static final Set<String> QUERY_KEYWORDS = Set.of("SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE",
            "SHOW", "SUMMARIZE");

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build()).build());

    private ClientSqlCheck() {
    }

    /**
     * Throws {@link ClientSqlRefusedException} when {@code sql} calls what clients may not; parses
     * it with DuckDB on {@code connection} and runs nothing. SQL that DuckDB cannot parse passes:
     * DuckDB refuses it with its own error when it is run.
     */
    public static void check(DuckDBConnection connection, String sql) throws SQLException {
        if (passesByItsNames(connection, sql)) {
            return;
        }
        JsonNode tree = parse(connection, sql);
        if (tree.path("error").asBoolean(false)) {
            if ("parser".equals(tree.path("error_type").asText())) {
                return;
            }
            throw new ClientSqlRefusedException(notAQuery(sql));
        }
        Optional<String> refusal = refusal(tree);
        if (refusal.isPresent()) {
            throw new ClientSqlRefusedException(refusal.get());
        }
    }

    /** Whether {@code sql} passes on its names alone, without DuckDB's parse. */
    static boolean passesByItsNames(DuckDBConnection connection, String sql) throws SQLException {
        Optional<List<String>> names = SqlNameScan.names(sql);
        return names.isPresent() && harmless(names.get(), connection);
    }

    /**
     * Whether the names of a query show that it can call nothing refused: it starts as a query, and
     * no name is one of a refused function, view or of a statement that is not a query. Most queries
     * (every stage a plan runs) pass here, without the cost of DuckDB's parse tree (seconds for an IN
     * list of 100,000 values).
     */
    private static boolean harmless(List<String> names, DuckDBConnection connection) throws SQLException {
        if (names.isEmpty() || !QUERY_STARTS.contains(names.get(0))) {
            return false;
        }
        Set<String> tableFunctions = tableFunctions(connection);
        for (String name : names) {
            if (tableFunctions.contains(name) && !DATA_TABLE_FUNCTIONS.contains(name) || SCALAR_FUNCTIONS.containsKey(name)
                    || VIEWS.contains(name) || NOT_QUERY_WORDS.contains(name) || name.startsWith("__internal")
                    || name.startsWith("pragma_") || name.startsWith("duckdb_") && !DATA_TABLE_FUNCTIONS.contains(name)) {
                return false;
            }
        }
        return true;
    }

    /** The names of DuckDB's table functions (the same for every database of this process's DuckDB). */
    private static Set<String> tableFunctions(DuckDBConnection connection) throws SQLException {
        Set<String> names = tableFunctionNames;
        if (names == null) {
            Set<String> found = new HashSet<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT DISTINCT function_name FROM duckdb_functions()"
                            + " WHERE function_type IN ('table', 'table_macro')")) {
                while (rows.next()) {
                    found.add(rows.getString(1).toLowerCase(Locale.ROOT));
                }
            }
            names = Set.copyOf(found);
            tableFunctionNames = names;
        }
        return names;
    }

    private static JsonNode parse(DuckDBConnection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT json_serialize_sql(?, skip_empty := true, skip_null := true)")) {
            statement.setString(1, sql);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return JSON.readTree(result.getString(1));
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("the server could not read DuckDB's parse of the query: " + e.getOriginalMessage(), e);
        }
    }

    /** The first call in {@code tree} that clients may not make, as the line to tell them. */
    private static Optional<String> refusal(JsonNode tree) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(tree);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isObject()) {
                Optional<String> refused = refusalOf(node);
                if (refused.isPresent()) {
                    return refused;
                }
            }
            if (node.isContainerNode()) {
                node.forEach(pending::push);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> refusalOf(JsonNode node) {
        String type = node.path("type").asText("");
        if (type.equals("TABLE_FUNCTION")) {
            String name = name(node.path("function").path("function_name"));
            if (!DATA_TABLE_FUNCTIONS.contains(name)) {
                return Optional.of(refused(name + "()", TABLE_FUNCTION_REASONS.getOrDefault(name, REVEALS)));
            }
        } else if (type.equals("BASE_TABLE") || type.equals("SHOW_REF")) {
            String table = name(node.path("table_name"));
            if (VIEWS.contains(table)) {
                return Optional.of(refused(table, REVEALS));
            }
            String show = SHOW_SPECIAL.get(node.path("table_name").asText(""));
            if (type.equals("SHOW_REF") && show != null) {
                return Optional.of(refused(show, REVEALS));
            }
        } else if (node.has("function_name")) {
            String name = name(node.path("function_name"));
            String reason = SCALAR_FUNCTIONS.get(name);
            if (reason == null && name.startsWith("__internal")) {
                reason = NOT_DATA;
            }
            if (reason != null) {
                return Optional.of(refused(name + "()", reason));
            }
        }
        return Optional.empty();
    }

    /** DuckDB looks names up ignoring case. */
    private static String name(JsonNode text) {
        return text.asText("").toLowerCase(Locale.ROOT);
    }

    private static String refused(String what, String reason) {
        return what + " is not available to clients: " + reason;
    }

    /** The line for SQL that holds a statement other than a query (the parse says only that much). */
    private static String notAQuery(String sql) {
        String keyword = firstKeyword(sql);
        if (keyword.equals("PIVOT") || keyword.equals("UNPIVOT")) {
            return "a " + keyword + " that takes its columns from the data is not available to clients: DuckDB runs it as"
                    + " more than one statement; name the values instead (PIVOT t ON col IN (v1, v2) USING sum(x))";
        }
        String what = keyword.isEmpty() || QUERY_KEYWORDS.contains(keyword) ? "a statement other than a query" : keyword;
        return what + " is not available to clients: only queries run here (SET, RESET, PRAGMA and the like reveal or"
                + " change the server's configuration)";
    }

    /**
     * The first word of {@code sql} after blanks, comments and opening parentheses, upper case; only
     * to name the statement in the message (the parse decided that it is not a query).
     */
    static String firstKeyword(String sql) {
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int depth = 0;
                do {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                } while (depth > 0 && i < length);
            } else {
                break;
            }
        }
        int start = i;
        while (i < length && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }
}
