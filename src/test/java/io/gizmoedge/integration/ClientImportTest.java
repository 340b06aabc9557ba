package io.gizmoedge.integration;

import static io.gizmoedge.integration.EmptyCatalogCluster.copy;
import static io.gizmoedge.integration.EmptyCatalogCluster.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.cli.GizmoEdgeCommand;
import io.gizmoedge.client.ImportProgress;
import io.gizmoedge.client.ImportRows;
import io.gizmoedge.client.LocalFileRows;
import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.engine.ArrowFrameEncoder;
import io.gizmoedge.loading.TableLoader;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * {@code .import}: files on the client's machine (not under the server's import path, which this
 * cluster does not even have) sent over TLS to a real server with two worker processes, into a new
 * table and appended to it, and answered by distributed queries. Refusals and an import that stops
 * midway (the client disconnects, cancels, or sends rows the server cannot take) change nothing and
 * leave the connection usable. The server accepts messages of at most 1 MiB, so the client splits
 * its batches to fit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientImportTest {
    private static final String ADMIN = EmptyCatalogCluster.ADMIN;
    private static final String ADMIN_PASSWORD = EmptyCatalogCluster.ADMIN_PASSWORD;
    private static final long SERVER_MAX_MESSAGE_BYTES = 1024 * 1024;
    private static final long EVENTS_PARQUET_ROWS = 200_000;
    private static final long EVENTS_CSV_ROWS = 1_000;

    private Path local;
    private Path shardDirectory;
    private EmptyCatalogCluster cluster;
    private QueryExecutor admin;

    @BeforeAll
    void startEmptyCluster() throws Exception {
        local = Files.createDirectories(TestDataset.workDirectory("client-import-laptop"));
        writeLocalFiles(local);
        cluster = EmptyCatalogCluster.start("client-import", 4, 2, (imports, duckdb) -> { },
                "--max-websocket-message-size", String.valueOf(SERVER_MAX_MESSAGE_BYTES));
        shardDirectory = cluster.files().manifest().toAbsolutePath().getParent();
        admin = cluster.connectAdmin();
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void importsLocalParquetIntoANewTableWithTheCommandLineClient() throws Exception {
        ClientRun run = runClient("-c", ".import events FROM '" + local.resolve("events") + "/*.parquet' DISTRIBUTED BY (user_id)",
                "-c", "SELECT count(*) AS n FROM events");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("created table events (" + EVENTS_PARQUET_ROWS + " rows, DISTRIBUTED BY (user_id))");
        assertThat(run.err()).containsPattern("sent 200,000 rows, [0-9.]+ MB in [0-9.]+ s \\([0-9,]+ rows/s\\)");
        assertThat(run.err()).doesNotContain("\r");
    }

    @Test
    @Order(2)
    void appendsLocalCsvAndJsonAndAnswersDistributed() throws Exception {
        try (LocalFileRows rows = open(local.resolve("more.csv").toString());
                QueryResult result = admin.importRows("events", Optional.empty(), rows)) {
            assertThat(status(result)).isEqualTo("inserted " + EVENTS_CSV_ROWS + " rows into events");
        }
        try (LocalFileRows rows = open(local.resolve("countries.ndjson").toString());
                QueryResult result = admin.importRows("countries", Optional.of("REPLICATED"), rows)) {
            assertThat(status(result)).isEqualTo("created table countries (3 rows, REPLICATED)");
        }
        List<String> expected = localAnswer("SELECT count(*), sum(amount), count(DISTINCT user_id) FROM ("
                + "SELECT user_id, amount FROM read_parquet('" + local.resolve("events") + "/*.parquet')"
                + " UNION ALL SELECT user_id, amount::DECIMAL(10,2) FROM read_csv('" + local.resolve("more.csv") + "'))");
        try (QueryExecutor ready = cluster.processes().awaitReady(ADMIN, ADMIN_PASSWORD, 2, Duration.ofMinutes(2),
                "SELECT count(*) FROM events");
                QueryResult result = ready.execute("SELECT count(*), sum(amount), count(DISTINCT user_id) FROM events",
                        QueryOptions.DEFAULT)) {
            assertThat(result.summary().location()).isEqualTo(ExecutionLocation.DISTRIBUTED);
            assertThat(firstRow(result)).isEqualTo(expected);
        }
        assertThat(rows(admin, "SELECT c.name, count(*) FROM events e JOIN countries c ON e.user_id % 3 = c.id"
                + " GROUP BY c.name ORDER BY c.name")).hasSize(3);
        assertThat(rows(admin, "DESCRIBE events").stream().map(c -> c.get(0) + " " + c.get(1)).toList())
                .containsExactly("user_id BIGINT", "seen_at TIMESTAMP", "amount DECIMAL(10,2)", "tag VARCHAR");
    }

    @Test
    @Order(3)
    void refusalsTakeOneLineChangeNothingAndTheConnectionGoesOn() throws Exception {
        long version = cluster.manifest().version();
        String parquet = local.resolve("events") + "/*.parquet";
        try (QueryExecutor client = cluster.connect(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD)) {
            refusedImport(client, "events", Optional.empty(), parquet, "only an admin may change data");
            refusedImport(client, "fresh", Optional.of("REPLICATED"), parquet, "only an admin may change data");
        }
        assertThatThrownBy(() -> open(local.resolve("nothing") + "/*.parquet")).isInstanceOf(QueryFailedException.class)
                .hasMessageStartingWith("no file matches '" + local.resolve("nothing") + "/*.parquet'");
        assertThatThrownBy(() -> open(local.resolve("events").toString())).isInstanceOf(QueryFailedException.class)
                .hasMessageStartingWith("cannot tell the format of");
        refusedImport(admin, "missing", Optional.empty(), parquet, "table missing does not exist: to create it, say where"
                + " its rows go after the path: DISTRIBUTED BY (column)");
        refusedImport(admin, "events", Optional.of("DISTRIBUTED BY (user_id)"), parquet,
                "table events already exists: leave out the placement to add the rows to it, or DROP TABLE events first");
        refusedImport(admin, "fresh", Optional.of("DISTRIBUTED BY (nope)"), parquet, "column nope does not exist");
        refusedImport(admin, "fresh", Optional.of("PARTITIONED BY (user_id)"), parquet, "needs a placement");
        refusedImport(admin, "my.fresh", Optional.of("REPLICATED"), parquet, "tables live in one schema");
        refusedImport(admin, "events", Optional.empty(), local.resolve("wrong-types.csv").toString(),
                "the rows do not fit table events");
        refusedImport(admin, "events", Optional.empty(), local.resolve("countries.ndjson").toString(),
                "table events has 4 columns but the query gives 2");
        assertThat(cluster.manifest().version()).isEqualTo(version);
        assertThat(rows(admin, "SELECT count(*) FROM events")).containsExactly(List.of(String.valueOf(EVENTS_PARQUET_ROWS
                + EVENTS_CSV_ROWS)));
        assertThat(rows(admin, "SHOW TABLES").stream().map(t -> t.get(0))).containsExactlyInAnyOrder("events", "countries");

        ClientRun run = runClient("-c", ".import events FROM '" + local.resolve("nothing") + "/*.csv'", "-c", "SELECT 1");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("no file matches").contains("the statements after it did not run");
    }

    @Test
    @Order(4)
    void aClientThatDisconnectsMidwayChangesNothing() throws Exception {
        long version = cluster.manifest().version();
        QueryExecutor leaving = cluster.connectAdmin();
        ImportRows halfThenGone = (maxPayloadBytes, sink) -> {
            sendIds(maxPayloadBytes, sink, 0, 50_000);
            leaving.close(); // the laptop lid closes
            sendIds(maxPayloadBytes, sink, 50_000, 100_000);
            return 100_000;
        };
        assertThatThrownBy(() -> leaving.importRows("events", Optional.empty(), halfThenGone))
                .isInstanceOf(IOException.class);
        assertUnchanged(version);
        awaitNoStagingLeft();
    }

    @Test
    @Order(5)
    void anImportTheClientCancelsOrTheServerCannotTakeChangesNothing() throws Exception {
        long version = cluster.manifest().version();
        ImportRows unreadableMidway = (maxPayloadBytes, sink) -> {
            sendIds(maxPayloadBytes, sink, 0, 10_000);
            throw new QueryFailedException("cannot read 'b.parquet': it is truncated");
        };
        assertThatThrownBy(() -> admin.importRows("ids", Optional.of("DISTRIBUTED BY (id)"), unreadableMidway))
                .isInstanceOf(QueryFailedException.class).hasMessage("cannot read 'b.parquet': it is truncated");
        assertUnchanged(version);

        ImportRows columnsChangeMidway = (maxPayloadBytes, sink) -> {
            sendIds(maxPayloadBytes, sink, 0, 10_000);
            for (int i = 0; i < 200; i++) { // keeps sending until it hears of the failure
                sendInts(maxPayloadBytes, sink);
            }
            return 10_000 + 200 * 10;
        };
        assertThatThrownBy(() -> admin.importRows("ids", Optional.of("DISTRIBUTED BY (id)"), columnsChangeMidway))
                .isInstanceOf(QueryFailedException.class).hasMessageContaining("change their columns midway")
                .hasMessageNotContaining("\n").hasMessageNotContaining("Exception");
        assertUnchanged(version);

        ImportRows miscounted = (maxPayloadBytes, sink) -> {
            sendIds(maxPayloadBytes, sink, 0, 10_000);
            return 9_999;
        };
        assertThatThrownBy(() -> admin.importRows("ids", Optional.of("DISTRIBUTED BY (id)"), miscounted))
                .isInstanceOf(QueryFailedException.class)
                .hasMessage("the server received 10000 rows but the client sent 9999; nothing changed, run the import again");
        assertUnchanged(version);

        ImportRows whole = (maxPayloadBytes, sink) -> {
            sendIds(maxPayloadBytes, sink, 0, 10_000);
            return 10_000;
        };
        try (QueryResult result = admin.importRows("ids", Optional.of("DISTRIBUTED BY (id)"), whole)) {
            assertThat(status(result)).isEqualTo("created table ids (10000 rows, DISTRIBUTED BY (id))");
        }
        assertThat(rows(admin, "SELECT count(*), sum(id) FROM ids")).containsExactly(List.of("10000", "49995000"));
        awaitNoStagingLeft();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private void assertUnchanged(long version) throws Exception {
        assertThat(cluster.manifest().version()).isEqualTo(version);
        assertThat(rows(admin, "SELECT count(*) FROM events")).containsExactly(List.of(String.valueOf(EVENTS_PARQUET_ROWS
                + EVENTS_CSV_ROWS)));
        assertThat(rows(admin, "SHOW TABLES").stream().map(t -> t.get(0))).doesNotContain("ids");
    }

    /** The import's staging directory goes when the import ends, also when the client vanished. */
    private void awaitNoStagingLeft() throws Exception {
        Path staging = shardDirectory.resolve(TableLoader.STAGING_DIRECTORY);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Path> left;
        do {
            try (Stream<Path> entries = Files.exists(staging) ? Files.list(staging) : Stream.empty()) {
                left = entries.toList();
            }
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertThat(left).as("staging directories left behind").isEmpty();
    }

    private static void refusedImport(QueryExecutor executor, String table, Optional<String> placement, String path,
            String message) throws Exception {
        try (LocalFileRows rows = open(path)) {
            assertThatThrownBy(() -> executor.importRows(table, placement, rows)).as(table + " " + placement + " " + path)
                    .isInstanceOf(QueryFailedException.class).hasMessageContaining(message)
                    .hasMessageNotContaining("\n").hasMessageNotContaining("Exception");
        }
        try (QueryResult result = executor.execute("SELECT 42", QueryOptions.DEFAULT)) {
            assertThat(firstRow(result)).containsExactly("42");
        }
    }

    private static LocalFileRows open(String path) throws QueryFailedException {
        return LocalFileRows.open(path, new ImportProgress(new PrintWriter(new StringWriter()), false));
    }

    /** Sends ids {@code from} until {@code to} as BIGINT batches of 10,000 rows. */
    private static void sendIds(long maxPayloadBytes, ArrowFrameEncoder.PayloadSink sink, int from, int to)
            throws IOException {
        ArrowFrameEncoder encoder = new ArrowFrameEncoder(maxPayloadBytes);
        Schema schema = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true))));
        try (BufferAllocator allocator = new RootAllocator(); VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            for (int start = from; start < to; start += 10_000) {
                int count = Math.min(10_000, to - start);
                BigIntVector ids = (BigIntVector) root.getVector(0);
                ids.allocateNew(count);
                for (int i = 0; i < count; i++) {
                    ids.set(i, start + i);
                }
                root.setRowCount(count);
                encoder.encodeBatch(root, sink);
            }
        }
    }

    /** Sends one batch of 10 INTEGER values in a column named differently. */
    private static void sendInts(long maxPayloadBytes, ArrowFrameEncoder.PayloadSink sink) throws IOException {
        Schema schema = new Schema(List.of(Field.nullable("n", new ArrowType.Int(32, true))));
        try (BufferAllocator allocator = new RootAllocator(); VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            IntVector values = (IntVector) root.getVector(0);
            values.allocateNew(10);
            for (int i = 0; i < 10; i++) {
                values.set(i, i);
            }
            root.setRowCount(10);
            new ArrowFrameEncoder(maxPayloadBytes).encodeBatch(root, sink);
        }
    }

    private static String status(QueryResult result) {
        return firstRow(result).get(0);
    }

    private static List<String> firstRow(QueryResult result) {
        VectorSchemaRoot batch = result.batches().stream().filter(b -> b.getRowCount() > 0).findFirst().orElseThrow();
        List<String> row = new ArrayList<>();
        for (var vector : batch.getFieldVectors()) {
            Object value = vector.getObject(0);
            row.add(value == null ? null : value.toString());
        }
        return row;
    }


    /** The first row of {@code sql} in a local DuckDB, as strings. */
    private static List<String> localAnswer(String sql) throws Exception {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                row.add(result.getString(i));
            }
            return row;
        }
    }


    private record ClientRun(int status, String out, String err) {
    }

    private ClientRun runClient(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = GizmoEdgeCommand.newCommandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("client", "--server-port=" + cluster.processes().port(),
                "--tls-roots=" + cluster.files().tlsCertificate(), "--username=" + ADMIN, "--password=" + ADMIN_PASSWORD));
        all.addAll(List.of(arguments));
        int status = command.execute(all.toArray(String[]::new));
        return new ClientRun(status, out.toString(), err.toString());
    }

    /** Files on the client's machine, written by DuckDB. */
    private static void writeLocalFiles(Path directory) throws Exception {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckdb.createStatement()) {
            String events = "SELECT (i % 997)::BIGINT AS user_id, TIMESTAMP '2026-11-01' + INTERVAL (i) SECOND AS seen_at,"
                    + " (i * 0.25)::DECIMAL(10,2) AS amount, 'tag' || (i % 5) AS tag FROM range(FIRST, LAST) t(i)";
            copy(sql, events.replace("FIRST", "0").replace("LAST", "120000"), directory.resolve("events/a.parquet"), "parquet");
            copy(sql, events.replace("FIRST", "120000").replace("LAST", "200000"), directory.resolve("events/b.parquet"),
                    "parquet");
            copy(sql, events.replace("FIRST", "200000").replace("LAST", "201000"), directory.resolve("more.csv"),
                    "csv, header true");
            copy(sql, "SELECT * FROM (VALUES (0, 'zero'), (1, 'one'), (2, 'two')) t(id, name)",
                    directory.resolve("countries.ndjson"), "json");
            copy(sql, "SELECT 'x' || i AS user_id, 'not a time' AS seen_at, 'much' AS amount, 'tag' AS tag FROM range(3) t(i)",
                    directory.resolve("wrong-types.csv"), "csv, header true");
        }
    }
}
