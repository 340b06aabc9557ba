package io.gizmoedge.integration;

import static io.gizmoedge.integration.EmptyCatalogCluster.rows;
import static io.gizmoedge.integration.EmptyCatalogCluster.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.protocol.DistributedMode;
import io.gizmoedge.protocol.QueryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real cluster (server with {@code --duckdb-memory-limit 256MiB}, one worker) as clients see it:
 * no statement shows a node's settings, paths or secrets, no error names a server directory, the
 * server's DuckDB spills into its data directory, and a statement that outgrows the memory limit
 * fails with one line while the server keeps answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InformationAndBoundsTest {
    private static final Pattern STORE_LOG = Pattern.compile(
            "DuckDB of (\\S+): memory_limit (.+), threads (\\d+), temp_directory (\\S+)");

    private EmptyCatalogCluster cluster;
    private QueryExecutor admin;
    private QueryExecutor client;
    private Path serverData;
    private int worker;
    private Path workerData;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = EmptyCatalogCluster.start("information", 2, 1, (imports, duckdb) -> { }, "--duckdb-memory-limit", "256MiB");
        admin = cluster.connectAdmin();
        run(admin, "CREATE TABLE events DISTRIBUTED BY (id) AS SELECT range AS id, range % 7 AS kind FROM range(1000)");
        client = cluster.processes().awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, 1, Duration.ofMinutes(2),
                "SELECT count(*) FROM events");
        serverData = cluster.files().database().toAbsolutePath().normalize().getParent();
        worker = cluster.processes().workerNumbers().get(0);
        workerData = cluster.processes().workerDataDirectory(worker).toAbsolutePath().normalize();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {client, admin, cluster}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // the next one still closes
                }
            }
        }
    }

    /** SQL that reaches DuckDB on the server (or, with distributed = force, on the worker): the check refuses it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM duckdb_settings()",
        "SELECT current_setting('temp_directory')",
        "SELECT path FROM duckdb_databases()",
        "FROM duckdb_databases",
        "FROM pragma_database_list",
        "SELECT * FROM pragma_storage_info('events')",
        "SELECT * FROM duckdb_extensions()",
        "SELECT getenv('HOME')",
        "SELECT * FROM duckdb_temporary_files()",
        "SELECT * FROM duckdb_secrets()",
        "SELECT * FROM which_secret('s3://bucket/key', 's3')",
        "SELECT * FROM query('SELECT current_setting(''temp_directory'')')",
        "SELECT kind, current_setting('memory_limit') FROM events",
        "FROM events; SET memory_limit = '64GB'",
        "FROM events; PRAGMA database_list",
        "SELECT 1; SELECT current_setting('temp_directory')",
    })
    void readingTheConfigurationIsRefusedWithOneLine(String sql) {
        for (DistributedMode mode : List.of(DistributedMode.TRUE, DistributedMode.FORCE)) {
            String line = failure(client, sql, mode);
            assertThat(line).as("%s (distributed = %s)", sql, mode).contains("is not available to clients: ")
                    .doesNotContain("\n").doesNotContain(Path.of("").toAbsolutePath().toString());
        }
    }

    /** Statements the planner refuses before DuckDB sees them: refused too, in one line. */
    @ParameterizedTest
    @ValueSource(strings = {"SET memory_limit = '64GB'", "RESET memory_limit", "PRAGMA database_list", "SHOW DATABASES",
        "CALL duckdb_settings()", "SELECT * FROM duckdb_databases", "SELECT * FROM pg_catalog.pg_settings",
        "SET memory_limit = '64GB'; SELECT 1", "SELECT 1; PRAGMA database_list"})
    void statementsThePlannerRefusesStayRefused(String sql) {
        for (DistributedMode mode : List.of(DistributedMode.TRUE, DistributedMode.FORCE)) {
            assertThat(failure(client, sql, mode)).as("%s (distributed = %s)", sql, mode).isNotBlank()
                    .doesNotContain("\n").doesNotContain(Path.of("").toAbsolutePath().toString());
        }
    }

    @Test
    void anAdminCannotCopyTheConfigurationIntoATable() throws Exception {
        assertThat(failure(admin, "CREATE TABLE leak REPLICATED AS SELECT current_setting('temp_directory') AS t",
                DistributedMode.TRUE))
                .isEqualTo("current_setting() is not available to clients: it reveals the server's configuration");
        assertThat(rows(admin, "SHOW TABLES")).extracting(row -> row.get(0)).containsExactly("events");
    }

    @Test
    void queriesOverDataStillAnswer() throws Exception {
        assertThat(rows(client, "SELECT count(*) FROM events")).containsExactly(List.of("1000"));
        assertThat(rows(client, "SELECT kind, count(*) AS n FROM events GROUP BY kind ORDER BY kind")).hasSize(7);
        assertThat(rows(client, "SELECT 'current_setting(''temp_directory'')' AS text"))
                .containsExactly(List.of("current_setting('temp_directory')"));
        assertThat(rows(client, "SELECT count(*) FROM range(3)")).containsExactly(List.of("3"));
        assertThat(rows(client, "SELECT table_name FROM information_schema.tables WHERE table_name = 'events'"))
                .containsExactly(List.of("events"));
        assertThat(rows(client, "FROM events SELECT count(*) AS n WHERE kind = 0")).containsExactly(List.of("143"));
        assertThat(rows(client, "DESCRIBE events")).extracting(row -> row.get(0)).containsExactly("id", "kind");
    }

    @Test
    void errorsShowNoDirectoryOfTheServerOrAWorker() {
        String server = failure(client, "SELECT * FROM read_parquet('" + serverData.resolve("shards/files/x.parquet") + "')",
                DistributedMode.TRUE);
        assertThat(server).startsWith("Permission Error: ").contains("\"<data directory>/shards/files/x.parquet\"")
                .doesNotContain(serverData.toString()).doesNotContain("\n");
        String worker = failure(client, "SELECT * FROM read_parquet('" + workerData.resolve("x.parquet") + "')",
                DistributedMode.FORCE);
        assertThat(worker).contains("\"<data directory>/x.parquet\"").doesNotContain(workerData.toString());
    }

    /** What the server and the worker logged about their DuckDB, as DuckDB reported it. */
    @Test
    void eachNodesDuckDbHasTheMemoryLimitAndTemporaryDirectoryItWasGiven() throws Exception {
        Matcher server = storeLog(cluster.processes().logFile("server"));
        assertThat(Path.of(server.group(1))).isEqualTo(serverData.resolve("server.duckdb"));
        assertThat(server.group(2)).isEqualTo("256.0 MiB");
        assertThat(Path.of(server.group(4)).getParent()).isEqualTo(serverData.resolve("tmp"));
        assertThat(serverData.resolve("tmp")).isDirectory();

        Matcher workerStore = storeLog(cluster.processes().workerLog(worker));
        assertThat(Path.of(workerStore.group(1)).getParent()).isEqualTo(workerData);
        assertThat(Path.of(workerStore.group(4)).getParent()).isEqualTo(workerData.resolve("tmp"));
    }

    @Test
    void aSortBeyondTheMemoryLimitSpillsIntoTheServersDataDirectory() throws Exception {
        Set<Path> seen;
        try (SpillWatcher watcher = SpillWatcher.watching(List.of(serverData.resolve("tmp")))) {
            assertThat(rows(client, "SELECT count(*), max(x) FROM (SELECT x FROM range(12000000) t(x) ORDER BY hash(x) DESC)"))
                    .containsExactly(List.of("12000000", "11999999"));
            seen = watcher.seen();
        }
        String instance = storeLog(cluster.processes().logFile("server")).group(4);
        assertThat(seen).as("the server's spill files").isNotEmpty().allSatisfy(file -> assertThat(file.toString())
                .startsWith(instance + "/"));
    }

    /** The statement: list() over a cross join grew the server to 6 GB; now it meets the limit. */
    @Test
    void aStatementThatOutgrowsTheMemoryLimitFailsWithOneLineAndTheServerKeepsAnswering() throws Exception {
        String line = failure(client, "SELECT length(list(a.x)) FROM range(100000) a(x), range(1000) b(y)",
                DistributedMode.TRUE);
        assertThat(line).startsWith("Out of Memory Error: ").doesNotContain("\n")
                .endsWith("(its --duckdb-memory-limit)");
        assertThat(rows(client, "SELECT count(*) FROM events")).containsExactly(List.of("1000"));
        assertThat(count(client, "SELECT count(*) FROM events", DistributedMode.FALSE)).isEqualTo(1000);
    }

    private static String failure(QueryExecutor executor, String sql, DistributedMode mode) {
        QueryFailedException failed = catchThrowableOfType(QueryFailedException.class, () -> {
            try (QueryResult ignored = executor.execute(sql, QueryOptions.DEFAULT.withDistributed(mode))) {
                // an answer is what the assertion below reports
            }
        });
        assertThat((Object) failed).as("%s (distributed = %s) failed", sql, mode).isNotNull();
        return failed.getMessage();
    }

    private static long count(QueryExecutor executor, String sql, DistributedMode mode) throws Exception {
        try (QueryResult result = executor.execute(sql, QueryOptions.DEFAULT.withDistributed(mode))) {
            return ((Number) result.batches().get(0).getFieldVectors().get(0).getObject(0)).longValue();
        }
    }

    private static Matcher storeLog(Path log) throws Exception {
        for (String line : Files.readAllLines(log)) {
            Matcher matcher = STORE_LOG.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
        throw new AssertionError("no line about the store's DuckDB in " + log);
    }
}
