package io.gizmoedge.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.cli.GizmoEdgeCommand;
import io.gizmoedge.client.ConnectionSettings;
import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.client.WebSocketQueryExecutor;
import io.gizmoedge.demo.Answer;
import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.protocol.DistributedMode;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.protocol.ServerRunCause;
import io.gizmoedge.querylog.QueryLogEntry;
import io.gizmoedge.querylog.QueryLogFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.gizmoedge.security.PemKeyStores;
import io.gizmoedge.transport.BasicCredentials;
import io.gizmoedge.transport.TlsContexts;
import io.gizmoedge.transport.WebSocketConnector;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import picocli.CommandLine;

/**
 * What a user sees of a running cluster (a real server and two real worker processes over
 * TLS): refused logins, clear one-line errors that change nothing, the client's settings, the
 * command-line client, and a worker that dies between queries.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterBehaviourTest {
    private static final long LINEITEM_ROWS_QUERY_TIMEOUT_SECONDS = 120;
    private static ClusterFiles files;
    private static LocalCluster cluster;
    private static QueryExecutor client;
    private static long lineitemRows;

    @BeforeAll
    static void startCluster() throws Exception {
        files = TestDataset.files();
        cluster = LocalCluster.start(files, TpchDemo.WORKER_PASSWORD, TestDataset.workDirectory("behaviour"), 2, 1);
        client = cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, 2, Duration.ofMinutes(2));
        lineitemRows = countLineitem(QueryOptions.DEFAULT);
    }

    @AfterAll
    static void stopCluster() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static long countLineitem(QueryOptions options) throws Exception {
        try (QueryResult result = client.execute("SELECT COUNT(*) FROM lineitem", options)) {
            return ((Number) result.batches().get(0).getVector(0).getObject(0)).longValue();
        }
    }

    private static ConnectionSettings settings(String user, String password, boolean tls) {
        return new ConnectionSettings("localhost", cluster.port(), tls, files.tlsCertificate(), true, user, password,
                16 * 1024 * 1024);
    }

    @Test
    @Order(1)
    void countIsExactAndDistributed() throws Exception {
        assertThat(lineitemRows).isGreaterThan(50_000);
        try (QueryResult result = client.execute("SELECT COUNT(*) FROM lineitem", QueryOptions.DEFAULT)) {
            assertThat(result.summary().location()).isEqualTo(ExecutionLocation.DISTRIBUTED);
            assertThat(result.summary().describe()).isEqualTo("distributed to 2 workers over 4 shards");
        }
        assertThat(countLineitem(QueryOptions.DEFAULT.withDistributed(DistributedMode.FALSE))).isEqualTo(lineitemRows);
    }

    @Test
    @Order(2)
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> new WebSocketQueryExecutor(settings("scott", "wrong", true)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("wrong user name or password");
    }

    @Test
    @Order(2)
    void unknownUserIsRefused() {
        assertThatThrownBy(() -> new WebSocketQueryExecutor(settings("mallory", "tiger", true)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("wrong user name or password");
    }

    @Test
    @Order(2)
    void workerAccountCannotUseTheClientPath() {
        assertThatThrownBy(() -> new WebSocketQueryExecutor(settings("worker", TpchDemo.WORKER_PASSWORD, true)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("may not use /client");
    }

    @Test
    @Order(2)
    void plainConnectionIsRefused() {
        assertThatThrownBy(() -> new WebSocketQueryExecutor(settings("scott", "tiger", false)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("requires TLS");
    }

    @Test
    @Order(2)
    void userListHoldsNoPassword() throws IOException {
        String userList = Files.readString(files.userList());
        assertThat(userList).doesNotContain(TpchDemo.CLIENT_PASSWORD).doesNotContain(TpchDemo.WORKER_PASSWORD)
                .contains("pbkdf2-sha256$600000$");
    }

    @ParameterizedTest
    @Order(3)
    @ValueSource(strings = {
        "SELEC * FROM region",
        "SELECT * FROM no_such_table",
        "DROP TABLE lineitem",
        "SELECT * FROM read_csv('/etc/passwd')",
        "COPY lineitem TO '/tmp/stolen.csv'",
        "ATTACH '/tmp/other.duckdb' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET threads = 1",
        "SELECT * FROM read_parquet('/etc/passwd')",
    })
    void badStatementsFailWithOneLineAndChangeNothing(String sql) throws Exception {
        assertThatThrownBy(() -> client.execute(sql, QueryOptions.DEFAULT))
                .isInstanceOf(QueryFailedException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").isNotBlank());
        assertThat(countLineitem(QueryOptions.DEFAULT)).isEqualTo(lineitemRows);
    }

    @Test
    @Order(3)
    void aQueryReadingAFileIsToldHowFilesAreLoaded() {
        assertThatThrownBy(() -> client.execute("SELECT * FROM read_parquet('/etc/passwd')", QueryOptions.DEFAULT))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageContaining("Queries cannot read files; an admin loads them into a table with CREATE TABLE");
    }

    @Test
    @Order(3)
    void forcedStatementsCannotChangeWorkers() throws Exception {
        assertThatThrownBy(() -> client.execute("DROP TABLE lineitem", QueryOptions.DEFAULT.withDistributed(DistributedMode.FORCE)))
                .isInstanceOf(QueryFailedException.class);
        assertThat(countLineitem(QueryOptions.DEFAULT)).isEqualTo(lineitemRows);
    }

    @Test
    @Order(4)
    void replicatedTableRunsOnOneWorker() throws Exception {
        try (QueryResult result = client.execute("SELECT * FROM region", QueryOptions.DEFAULT)) {
            assertThat(result.rowCount()).isEqualTo(5);
            assertThat(result.summary().location()).isEqualTo(ExecutionLocation.DISTRIBUTED);
            assertThat(result.summary().workers()).isEqualTo(1);
            assertThat(result.summary().describe()).isEqualTo("ran on 1 worker (the query reads replicated tables only)");
        }
    }

    @Test
    @Order(4)
    void theServerLogsEachFinishedStatementWithoutItsText() throws Exception {
        String literal = "query-log-secret-" + System.nanoTime();
        String sql = "SELECT count(*) FROM lineitem WHERE l_comment <> '" + literal + "'";
        try (QueryResult result = client.execute(sql, QueryOptions.DEFAULT)) {
            assertThat(result.summary().location()).isEqualTo(ExecutionLocation.DISTRIBUTED);
        }
        try (QueryResult result = client.execute(sql, QueryOptions.DEFAULT.withDistributed(DistributedMode.FALSE))) {
            assertThat(result.summary().serverCause()).isEqualTo(ServerRunCause.USER_CHOICE);
        }
        // the server writes the line before it answers
        String log = Files.readString(cluster.queryLog());
        assertThat(log).doesNotContain(literal);
        List<QueryLogEntry> entries = log.lines().map(new QueryLogFormat()::parse).map(Optional::orElseThrow).toList();
        List<QueryLogEntry> lastTwo = entries.subList(entries.size() - 2, entries.size());
        assertThat(lastTwo).allSatisfy(entry -> {
            assertThat(entry.user()).isEqualTo(TpchDemo.CLIENT_USER);
            assertThat(entry.rows()).isEqualTo(1);
        });
        assertThat(lastTwo.get(0).location()).isEqualTo(ExecutionLocation.DISTRIBUTED);
        assertThat(lastTwo.get(0).serverCause()).isEmpty();
        assertThat(lastTwo.get(1).location()).isEqualTo(ExecutionLocation.SERVER);
        assertThat(lastTwo.get(1).serverCause()).contains(ServerRunCause.USER_CHOICE);
        assertThat(lastTwo.get(1).reason()).isEqualTo("distributed = false");
    }

    @Test
    @Order(4)
    void queryThatCannotDistributeRunsOnTheServerWithAReason() throws Exception {
        try (QueryResult result = client.execute("SELECT n_name, count(c_custkey) AS n FROM nation"
                + " LEFT JOIN customer ON n_nationkey < c_nationkey GROUP BY n_name", QueryOptions.DEFAULT)) {
            assertThat(result.rowCount()).isEqualTo(25);
            assertThat(result.summary().location()).isEqualTo(ExecutionLocation.SERVER);
            assertThat(result.summary().reason()).contains("LEFT join of a replicated table");
        }
        // with an equality, both sides move between the workers by its hash (the replicated side from the server)
        try (QueryResult result = client.execute("SELECT n_name, count(c_custkey) AS n FROM nation"
                + " LEFT JOIN customer ON n_nationkey = c_nationkey GROUP BY n_name", QueryOptions.DEFAULT)) {
            assertThat(result.rowCount()).isEqualTo(25);
            assertThat(result.summary().location()).isEqualTo(ExecutionLocation.DISTRIBUTED);
        }
    }

    @Test
    @Order(4)
    void inListOf100000ValuesIsAnsweredExactlyByTheWorkers() throws Exception {
        String keys = IntStream.range(0, 100_000).mapToObj(i -> Integer.toString(i * 4 + 1)).collect(Collectors.joining(", "));
        String sql = "SELECT o_orderstatus, count(*) AS n, sum(o_totalprice) AS total FROM orders"
                + " WHERE o_orderkey IN (" + keys + ") GROUP BY o_orderstatus ORDER BY o_orderstatus";
        Answer distributed;
        try (QueryResult result = client.execute(sql, QueryOptions.DEFAULT)) {
            assertThat(result.summary().location()).as(result.summary().reason()).isEqualTo(ExecutionLocation.DISTRIBUTED);
            distributed = Answer.of(result.schema().getFields(), result.batches());
        }
        try (QueryResult result = client.execute(sql, QueryOptions.DEFAULT.withDistributed(DistributedMode.FALSE))) {
            assertThat(distributed).isEqualTo(Answer.of(result.schema().getFields(), result.batches()));
        }
        assertThat(distributed.rows()).isNotEmpty();
    }

    @Test
    @Order(4)
    void queryNestedBeyondDuckDbsLimitFailsWithOneLine() throws Exception {
        String sql = "SELECT count(*) FROM orders WHERE o_orderkey < 1" + "+1".repeat(19_999);
        assertThatThrownBy(() -> client.execute(sql, QueryOptions.DEFAULT))
                .isInstanceOf(QueryFailedException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains("depth"));
        assertThat(countLineitem(QueryOptions.DEFAULT)).isEqualTo(lineitemRows);
    }

    @Test
    @Order(4)
    void summarizeFalseReturnsEachWorkersPartialResult() throws Exception {
        try (QueryResult result = client.execute("SELECT COUNT(*) AS n FROM lineitem",
                QueryOptions.DEFAULT.withSummarize(false))) {
            assertThat(result.summary().location()).isEqualTo(ExecutionLocation.PARTIAL);
            assertThat(result.rowCount()).isEqualTo(2);
            Answer answer = Answer.of(result.schema().getFields(), result.batches());
            long total = answer.rows().stream().mapToLong(row -> Long.parseLong(String.valueOf(row.get(0)))).sum();
            assertThat(total).isEqualTo(lineitemRows);
        }
    }

    @Test
    @Order(4)
    void forceSendsTheSqlUnchangedToEveryWorker() throws Exception {
        try (QueryResult result = client.execute("SELECT COUNT(*) FROM lineitem",
                QueryOptions.DEFAULT.withDistributed(DistributedMode.FORCE))) {
            assertThat(result.summary().location()).isEqualTo(ExecutionLocation.RAW);
            assertThat(result.rowCount()).isEqualTo(2);
            assertThat(result.summary().describe()).contains("raw").contains("not merged");
        }
    }

    @Test
    @Order(4)
    void largeUnorderedScanStreamsFromTheWorkersInManyFrames() throws Exception {
        try (QueryResult result = client.execute("SELECT l_orderkey, l_linenumber, l_comment FROM lineitem",
                QueryOptions.DEFAULT)) {
            assertThat(result.summary().location()).isEqualTo(ExecutionLocation.DISTRIBUTED);
            assertThat(result.rowCount()).isEqualTo(lineitemRows);
            assertThat(result.batches().size()).isGreaterThanOrEqualTo(2);
            assertThat(result.summary().bytesFromWorkers()).isGreaterThan(1_000_000);
        }
    }

    @Test
    @Order(4)
    void explainShowsTheStagesWithoutRunningThem() throws Exception {
        try (QueryResult result = client.execute("EXPLAIN SELECT l_returnflag, sum(l_quantity) FROM lineitem GROUP BY l_returnflag;",
                QueryOptions.DEFAULT)) {
            Answer answer = Answer.of(result.schema().getFields(), result.batches());
            assertThat(answer.columnNames()).containsExactly("stage", "runs_on", "output", "inputs", "sql", "note");
            assertThat(answer.rows()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(answer.rows().get(0).get(1)).isEqualTo("WORKERS");
            assertThat(answer.rows().get(answer.rows().size() - 1).get(2)).isEqualTo("RESULT");
        }
        try (QueryResult result = client.execute("explain SELECT count(*) FROM customer JOIN orders ON c_nationkey = o_shippriority",
                QueryOptions.DEFAULT)) {
            Answer answer = Answer.of(result.schema().getFields(), result.batches());
            assertThat(answer.rows()).as("a join off the co-location keys sends its small side to every worker")
                    .filteredOn(row -> String.valueOf(row.get(2)).equals("BROADCAST"))
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.get(1)).isEqualTo("WORKERS");
                        assertThat(String.valueOf(row.get(5))).contains("rows of customer (about 1,500 rows estimated)");
                    });
        }
        try (QueryResult result = client.execute("explain SELECT count(*) FROM customer FULL JOIN orders"
                + " ON c_acctbal > o_totalprice", QueryOptions.DEFAULT)) {
            Answer answer = Answer.of(result.schema().getFields(), result.batches());
            assertThat(answer.rows()).singleElement().satisfies(row -> {
                assertThat(row.get(1)).isEqualTo("SERVER");
                assertThat(String.valueOf(row.get(5))).contains("not on co-location keys, and it has no equality");
            });
        }
    }

    /** What the command-line client printed and how it exited. */
    private record ClientRun(int status, String out, String err) {
    }

    /** Runs {@code gizmo-edge client} against the cluster as scott, with {@code arguments} after the connection options. */
    private static ClientRun runClient(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = GizmoEdgeCommand.newCommandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        List<String> all = new java.util.ArrayList<>(List.of("client", "--server-port=" + cluster.port(),
                "--tls-roots=" + files.tlsCertificate(), "--username=scott", "--password=tiger"));
        all.addAll(List.of(arguments));
        int status = command.execute(all.toArray(String[]::new));
        return new ClientRun(status, out.toString(), err.toString());
    }

    @Test
    @Order(5)
    void commandLineClientPrintsOnlyCsvOnStandardOutput() {
        ClientRun run = runClient("--output=csv",
                "-c", "SELECT r_regionkey, r_name FROM region ORDER BY r_regionkey",
                "-c", "SELECT count(*) AS n FROM nation");
        assertThat(run.status()).isZero();
        assertThat(run.out().split("\\R")).containsExactly("r_regionkey,r_name", "0,AFRICA", "1,AMERICA", "2,ASIA",
                "3,EUROPE", "4,MIDDLE EAST", "n", "25");
        assertThat(run.err()).contains("ran on 1 worker");
    }

    @Test
    @Order(5)
    void commandLineClientFailsOnABadStatement() {
        ClientRun run = runClient("-c", "SELECT * FROM nowhere");
        assertThat(run.status()).isNotZero();
        assertThat(run.err()).contains("nowhere");
    }

    @Test
    @Order(6)
    void otherClientsKeepWorkingWhileOneFails() throws Exception {
        try (QueryExecutor second = new WebSocketQueryExecutor(settings("scott", "tiger", true))) {
            assertThatThrownBy(() -> second.execute("SELECT 1/0 FROM nowhere", QueryOptions.DEFAULT))
                    .isInstanceOf(QueryFailedException.class);
            assertThat(countLineitem(QueryOptions.DEFAULT)).isEqualTo(lineitemRows);
            try (QueryResult result = second.execute("SELECT count(*) FROM orders", QueryOptions.DEFAULT)) {
                assertThat(result.rowCount()).isEqualTo(1);
            }
        }
    }

    @Test
    @Order(7)
    void malformedAndOversizedMessagesAreRefusedWithoutDisturbingOthers() throws Exception {
        try (WebSocketConnector connector = new WebSocketConnector(true,
                TlsContexts.client(Optional.of(PemKeyStores.trustStore(List.of(files.tlsCertificate()))), true),
                64L * 1024 * 1024, Duration.ofSeconds(30), "raw-test")) {
            RawClientSocket raw = new RawClientSocket();
            Session session = connector.connect(raw, "localhost", cluster.port(), "/client",
                    new BasicCredentials(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD));
            session.sendText("this is not json", Callback.NOOP);
            assertThat(raw.nextText()).contains("query_failed").contains("malformed message");
            session.sendText("{\"type\":\"worker_hello\",\"workerName\":\"x\"}", Callback.NOOP);
            assertThat(raw.nextText()).contains("query_failed").contains("unexpected message");
            session.sendText("{\"type\":\"query\",\"requestId\":5,\"sql\":\"SELECT count(*) FROM nation\"}",
                    Callback.NOOP);
            assertThat(raw.nextText()).contains("query_complete").contains("\"requestId\":5");
            session.sendText("x".repeat(17 * 1024 * 1024), Callback.NOOP);
            assertThat(raw.awaitClose()).isTrue();
            // 1009 (message too big) when the close frame arrives; 1006 when the server dropped the socket first
            assertThat(raw.closeStatus).isIn(1009, 1006);
        }
        assertThat(countLineitem(QueryOptions.DEFAULT)).isEqualTo(lineitemRows);
    }

    @Test
    @Order(10)
    void killingAWorkerBetweenQueriesKeepsAnswersExact() throws Exception {
        List<Integer> workers = cluster.workerNumbers();
        cluster.killWorker(workers.get(0));
        long deadline = System.nanoTime() + Duration.ofSeconds(LINEITEM_ROWS_QUERY_TIMEOUT_SECONDS).toNanos();
        ExecutionLocation location = null;
        while (System.nanoTime() < deadline) {
            try (QueryResult result = client.execute("SELECT COUNT(*) FROM lineitem", QueryOptions.DEFAULT)) {
                long rows = ((Number) result.batches().get(0).getVector(0).getObject(0)).longValue();
                assertThat(rows).as(result.summary().describe()).isEqualTo(lineitemRows);
                location = result.summary().location();
                if (location == ExecutionLocation.DISTRIBUTED) {
                    assertThat(result.summary().workers()).isEqualTo(1);
                    break;
                }
                assertThat(result.summary().reason()).isNotBlank();
            } catch (QueryFailedException e) {
                // a query that was running on the killed worker fails with a clear message; the next one works
                assertThat(e.getMessage()).doesNotContain("\n");
            }
            Thread.sleep(250);
        }
        assertThat(location).isEqualTo(ExecutionLocation.DISTRIBUTED);

        // the worker comes back with its cache: it presents its files and is not sent them again
        cluster.restartWorker(workers.get(0));
        try (QueryExecutor again = cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, 2,
                Duration.ofMinutes(2))) {
            assertThat(countLineitem(QueryOptions.DEFAULT)).isEqualTo(lineitemRows);
        }
        String restartedLog = Files.readString(cluster.workerLog(workers.get(0)));
        assertThat(restartedLog).contains("serving shards").doesNotContain("fetching");
    }

    @Test
    @Order(11)
    void aWorkerThatCannotLoadItsShardsIsBenchedAndTheOthersServeThem() throws Exception {
        // too little memory for any table: the worker joins, is assigned shards and fails to load them
        int failing = cluster.startWorker("--duckdb-memory-limit", "1MB");
        Path serverLog = cluster.logFile("server");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!(Files.readString(serverLog).contains("gets no shards until it reconnects")
                && Files.readString(cluster.workerLog(failing)).contains("gets none until it reconnects"))
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(Files.readString(cluster.workerLog(failing)))
                .contains("could not load assignment")
                .contains("gets none until it reconnects");

        // its shards go back to the two healthy workers: queries distribute again, exact
        try (QueryExecutor again = cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, 2,
                Duration.ofMinutes(2))) {
            assertThat(countLineitem(QueryOptions.DEFAULT)).isEqualTo(lineitemRows);
        }
    }
}
