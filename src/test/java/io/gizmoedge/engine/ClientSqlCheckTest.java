package io.gizmoedge.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The check on a locked-down DuckDB database file, as the server's: each way of reading settings,
 * paths or secrets is refused with one line, and queries over data pass and run.
 */
class ClientSqlCheckTest {
    @TempDir
    static Path directory;
    private static DuckDBConnection database;

    @BeforeAll
    static void openLockedDownDatabase() throws SQLException {
        database = DuckDbDatabases.openFile(directory.resolve("node.duckdb"),
                new DuckDbSettings(1, java.util.Optional.of("256MB"), java.util.Optional.of(directory.resolve("tmp"))));
        try (Statement statement = database.createStatement()) {
            statement.execute("CREATE TABLE t AS SELECT range AS x, range % 3 AS g FROM range(10)");
        }
        DuckDbDatabases.lockDown(database);
    }

    @AfterAll
    static void close() throws SQLException {
        database.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM duckdb_settings()",
        "select name, value from DUCKDB_SETTINGS()",
        "SELECT * FROM \"duckdb_settings\"()",
        "SELECT * FROM system.main.duckdb_settings()",
        "SELECT * FROM (FROM duckdb_settings())",
        "SELECT current_setting('temp_directory')",
        "SELECT CURRENT_SETTING('memory_limit')",
        "SELECT pg_catalog.current_setting('temp_directory')",
        "SELECT 'temp_directory'.current_setting()",
        "SELECT list_transform(['temp_directory'], s -> current_setting(s))",
        "SELECT list_transform(['temp_directory'], lambda s: current_setting(s))",
        "SELECT \"Current_Setting\"('temp_directory')",
        "SELECT E'\\'', current_setting('temp_directory') --'",
        "SELECT 1 /* /* */ ' */, current_setting('temp_directory') --'",
        "SELECT 1 -- a comment\r, current_setting('temp_directory')",
        "WITH c AS (SELECT 1) INSERT INTO t SELECT 1, 1 FROM c",
        "SELECT * FROM enable_logging()",
        "SELECT x FROM t WHERE x < (SELECT length(current_setting('temp_directory')))",
        "SELECT g, max(current_setting('temp_directory')) FROM t GROUP BY g",
        "WITH c AS (SELECT * FROM duckdb_databases()) SELECT path FROM c",
        "SELECT * FROM duckdb_databases",
        "SELECT path FROM pragma_database_list",
        "SELECT * FROM pragma_database_list()",
        "SELECT * FROM pragma_storage_info('t')",
        "SELECT * FROM pragma_database_size()",
        "SELECT * FROM pragma_metadata_info()",
        "SELECT * FROM duckdb_extensions()",
        "SELECT getenv('HOME')",
        "SELECT * FROM duckdb_temporary_files()",
        "SELECT * FROM duckdb_secrets()",
        "SELECT * FROM which_secret('s3://bucket/key', 's3')",
        "SELECT * FROM duckdb_memory()",
        "SELECT * FROM duckdb_logs",
        "SELECT getvariable('x')",
        "SELECT * FROM query('SELECT current_setting(''temp_directory'')')",
        "SELECT * FROM query_table('duckdb_databases')",
        "SELECT * FROM histogram_values('duckdb_databases', path)",
        "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))",
        "SELECT json_serialize_plan('SELECT current_setting(''temp_directory'')')",
        "SELECT * FROM pg_catalog.pg_settings",
        "SELECT * FROM pg_settings",
        "SUMMARIZE duckdb_databases",
        "SUMMARIZE SELECT * FROM duckdb_settings()",
        "SHOW DATABASES",
        "SHOW VARIABLES",
        "SELECT * FROM checkpoint()",
        "SELECT * FROM arrow_scan(0, 0, 0)",
        "PRAGMA database_list",
        "PRAGMA show_databases",
        "  /* a comment */ pragma database_size",
        "SET threads = 1",
        "RESET memory_limit",
        "SET VARIABLE x = 1",
        "CALL duckdb_settings()",
        "CALL range(3)",
        "SELECT 1; SELECT current_setting('temp_directory')",
        "SELECT 1; PRAGMA database_list",
        "CREATE TEMP MACRO m() AS current_setting('temp_directory'); SELECT m()",
        "DELETE FROM t",
        "PIVOT t ON g USING sum(x)",
    })
    void isRefusedWithOneLine(String sql) {
        ClientSqlRefusedException refused = catchThrowableOfType(ClientSqlRefusedException.class,
                () -> ClientSqlCheck.check(database, sql));
        assertThat((Object) refused).as(sql).isNotNull();
        assertThat(refused.getMessage()).contains("is not available to clients: ").doesNotContain("\n")
                .doesNotContain(directory.toString());
    }

    @Test
    void theLineNamesWhatWasRefused() {
        assertThat(refusal("SELECT CURRENT_SETTING('temp_directory')"))
                .isEqualTo("current_setting() is not available to clients: it reveals the server's configuration");
        assertThat(refusal("FROM duckdb_settings()"))
                .isEqualTo("duckdb_settings() is not available to clients: it reveals the server's configuration");
        assertThat(refusal("SELECT path FROM duckdb_databases"))
                .isEqualTo("duckdb_databases is not available to clients: it reveals the server's configuration");
        assertThat(refusal("SHOW DATABASES"))
                .isEqualTo("SHOW DATABASES is not available to clients: it reveals the server's configuration");
        assertThat(refusal("SELECT * FROM query('SELECT 1')")).startsWith("query() is not available to clients: it runs SQL");
        assertThat(refusal("-- settings\nSET memory_limit = '1GB'")).startsWith("SET is not available to clients: only queries");
        assertThat(refusal("PRAGMA database_list")).startsWith("PRAGMA is not available to clients: only queries");
        assertThat(refusal("SELECT 1; RESET threads")).startsWith("a statement other than a query is not available");
        assertThat(refusal("PIVOT t ON g USING sum(x)")).contains("IN (v1, v2)");
    }

    /** Without the check, the locked-down database answers these: the check is what stops them. */
    @Test
    void withoutTheCheckTheLockedDownDatabaseWouldShowItsPaths() throws SQLException {
        assertThat(answer("SELECT current_setting('temp_directory')")).contains(directory.toString());
        assertThat(answer("SELECT path FROM duckdb_databases WHERE path IS NOT NULL")).contains(directory.toString());
        assertThat(answer("SELECT * FROM query('SELECT current_setting(''temp_directory'')')")).contains(directory.toString());
        assertThat(answer("SELECT E'\\'', current_setting('temp_directory') --'")).contains(directory.toString());
        assertThat(answer("SELECT 1 /* /* */ ' */, current_setting('temp_directory') --'")).contains(directory.toString());
        assertThat(answer("SELECT setting FROM pg_settings WHERE name = 'temp_directory'")).contains(directory.toString());
    }

    /** A view of DuckDB's is refused exactly when its definition would be: the list of views matches this DuckDB. */
    @Test
    void duckDbsViewsAreRefusedWhenTheirDefinitionsWouldBe() throws SQLException {
        List<String> refusedViews = new ArrayList<>();
        try (Statement statement = database.createStatement();
                ResultSet views = statement.executeQuery(
                        "SELECT schema_name, view_name, sql FROM duckdb_views() WHERE internal ORDER BY ALL")) {
            while (views.next()) {
                String definition = views.getString(3).replaceFirst("(?s)^.*? AS ", "").replaceFirst(";\\s*$", "");
                String name = views.getString(1) + "." + views.getString(2);
                boolean definitionRefused = refused(definition);
                assertThat(refused("SELECT * FROM " + name)).as(name + ": " + definition).isEqualTo(definitionRefused);
                if (definitionRefused) {
                    refusedViews.add(views.getString(2));
                }
            }
        }
        assertThat(refusedViews).containsExactlyInAnyOrderElementsOf(ClientSqlCheck.VIEWS);
    }

    private static boolean refused(String sql) throws SQLException {
        try {
            ClientSqlCheck.check(database, sql);
            return false;
        } catch (ClientSqlRefusedException e) {
            return true;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT count(*) FROM t",
        "SELECT 'current_setting(''temp_directory'')' AS text",
        "SELECT 'duckdb_settings()' AS text FROM t",
        "SELECT 1 -- current_setting('temp_directory')",
        "SELECT 1 /* FROM duckdb_settings() */",
        "SELECT x AS current_setting FROM t",
        "SELECT x FROM t AS duckdb_settings",
        "SELECT * FROM range(3)",
        "SELECT * FROM generate_series(1, 3)",
        "SELECT unnest([1, 2])",
        "SELECT * FROM unnest([1, 2])",
        "FROM t",
        "VALUES (1), (2)",
        "WITH a AS (SELECT 1 AS x) SELECT * FROM a",
        "DESCRIBE t",
        "DESCRIBE SELECT * FROM t",
        "SUMMARIZE t",
        "SHOW t",
        "PIVOT t ON g IN (0, 1, 2) USING sum(x)",
        "SELECT table_name FROM information_schema.tables",
        "SELECT column_name FROM information_schema.columns WHERE table_name = 't'",
        "SELECT table_name FROM duckdb_tables()",
        "SELECT histogram(x) FROM t",
        "SELECT version()",
        "SELECT g, sum(x) OVER (PARTITION BY g), count(*) FILTER (WHERE x > 1) OVER () FROM t",
        "SELECT list_transform([1, 2], lambda v: v + 1)",
        "(SELECT 1) UNION ALL (SELECT 2)",
    })
    void queriesOverDataPassAndRun(String sql) throws SQLException {
        assertThatCode(() -> ClientSqlCheck.check(database, sql)).as(sql).doesNotThrowAnyException();
        answer(sql);
    }

    /** What DuckDB cannot parse passes the check, and DuckDB refuses to run it. */
    @ParameterizedTest
    @ValueSource(strings = {"SELEC 1", "SELECT 1current_setting('temp_directory')", "SELECT current_setting('x'"})
    void sqlDuckDbCannotParsePassesToGetDuckDbsOwnError(String sql) {
        assertThatCode(() -> ClientSqlCheck.check(database, sql)).doesNotThrowAnyException();
        assertThat(catchThrowableOfType(SQLException.class, () -> answer(sql)).getMessage()).contains("Parser Error");
    }

    /** The sample queries pass on their names alone: the check costs no parse for ordinary queries. */
    @Test
    void theSampleQueriesPassWithoutDuckDbsParse() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String set : List.of("tpch", "ssb")) {
            try (var listing = java.nio.file.Files.list(Path.of("queries", set))) {
                listing.filter(file -> file.toString().endsWith(".sql")).forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(35);
        for (Path file : files) {
            String sql = java.nio.file.Files.readString(file).strip();
            sql = sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
            assertThat(ClientSqlCheck.passesByItsNames(database, sql)).as(file.toString()).isTrue();
        }
        assertThat(ClientSqlCheck.passesByItsNames(database, "SELECT current_setting('threads')")).isFalse();
    }

    @Test
    void theFirstKeywordSkipsCommentsAndParentheses() {
        assertThat(ClientSqlCheck.firstKeyword("  -- a\n /* b /* nested */ c */ (set x = 1)")).isEqualTo("SET");
        assertThat(ClientSqlCheck.firstKeyword("")).isEmpty();
    }

    /** Large and deep queries are checked: an IN list of 100,000 values, 300 nested sums. */
    @Test
    void largeAndDeepQueriesAreChecked() throws SQLException {
        StringBuilder list = new StringBuilder("SELECT count(*) FROM t WHERE x IN (0");
        for (int i = 1; i < 100_000; i++) {
            list.append(", ").append(i);
        }
        ClientSqlCheck.check(database, list.append(")").toString());
        String deep = "SELECT " + "(".repeat(300) + "x" + " + 1)".repeat(300) + " FROM t";
        ClientSqlCheck.check(database, deep);
        String hidden = "SELECT " + "(".repeat(300) + "length(current_setting('temp_directory'))" + " + 1)".repeat(300) + "; SELECT 1";
        assertThat(refusal(hidden)).startsWith("current_setting()");
    }

    private static String refusal(String sql) {
        ClientSqlRefusedException refused = catchThrowableOfType(ClientSqlRefusedException.class,
                () -> ClientSqlCheck.check(database, sql));
        assertThat((Object) refused).as(sql).isNotNull();
        return refused.getMessage();
    }

    private static String answer(String sql) throws SQLException {
        try (DuckDBConnection connection = database.duplicate(); Statement statement = connection.createStatement()) {
            List<String> values = new ArrayList<>();
            if (statement.execute(sql)) {
                try (ResultSet rows = statement.getResultSet()) {
                    while (rows.next()) {
                        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                            values.add(String.valueOf(rows.getObject(i)));
                        }
                    }
                }
            }
            return String.join(" ", values);
        }
    }
}
