package io.gizmoedge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.Answer;
import io.gizmoedge.demo.AnswerComparison;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.NamedQuery;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.demo.TpchQueries;
import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.engine.TableStore;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.security.PemKeyStores;
import io.gizmoedge.transport.BasicCredentials;
import io.gizmoedge.transport.TlsContexts;
import io.gizmoedge.transport.WebSocketConnector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Participants that misbehave on purpose against a real cluster: a client that stops reading a
 * large answer, a process with the worker password that takes shards and never serves them and
 * floods the server with file requests, and many clients while a worker crashes and returns.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileUseTest {
    private static final int WORKERS = 2;
    /** Long enough for a real worker to load every shard on a busy machine, short enough to wait for in a test. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private static ClusterFiles files;
    private static LocalCluster cluster;
    private static QueryExecutor client;

    @BeforeAll
    static void startCluster() throws Exception {
        files = TestDataset.files();
        cluster = LocalCluster.start(files, TpchDemo.WORKER_PASSWORD, TestDataset.workDirectory("hostile"), WORKERS, 1, 1,
                List.of("--worker-ready-timeout", READY_TIMEOUT.toSeconds() + "s"));
        client = cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, WORKERS, Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Resources.closeAll(client, cluster);
    }

    @Test
    @Order(1)
    void aClientThatStopsReadingDelaysNoOtherClient() throws Exception {
        long usual = slowestOf(5, "SELECT count(*) FROM orders");
        try (WebSocketConnector connector = connector()) {
            StalledClient stalled = new StalledClient();
            Session session = connector.connect(stalled, "localhost", cluster.port(), "/client",
                    new BasicCredentials(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD));
            session.sendText(new MessageCodec().encode(new Message.Query(1,
                    "SELECT *, l_comment || l_comment || l_comment || l_comment AS padding FROM lineitem",
                    QueryOptions.DEFAULT)), Callback.NOOP);
            Thread.sleep(5000); // the answer fills the socket's buffers and the server waits for the client
            long whileStalled = slowestOf(10, "SELECT count(*) FROM orders");
            assertThat(whileStalled).as("slowest query of another client while one stalls, ms (usually " + usual + ")")
                    .isLessThan(usual + 1000);
            session.disconnect();
        }
    }

    @Test
    @Order(2)
    void aWorkerThatNeverReportsReadyLosesItsShardsAndCannotFloodTheServer() throws Exception {
        long server = cluster.serverPid();
        int threadsBefore = count(Path.of("/proc", String.valueOf(server), "task"));
        int descriptorsBefore = count(Path.of("/proc", String.valueOf(server), "fd"));
        try (WebSocketConnector connector = connector()) {
            RawClientSocket fake = new RawClientSocket();
            Session session = connector.connect(fake, "localhost", cluster.port(), "/worker",
                    new BasicCredentials("worker", TpchDemo.WORKER_PASSWORD));
            MessageCodec codec = new MessageCodec();
            session.sendText(codec.encode(new Message.WorkerHello("fake", List.of(), 1)), Callback.NOOP);
            Message.AssignShards assignment = awaitAssignment(fake, codec);
            long assignedAt = System.nanoTime();
            String file = assignment.bundles().stream().flatMap(b -> b.files().stream()).findFirst().orElseThrow().sha256();
            for (int transfer = 1; transfer <= 300; transfer++) {
                session.sendText(codec.encode(new Message.FetchFile(transfer, file)), Callback.NOOP);
            }
            int threadsPeak = threadsBefore;
            int descriptorsPeak = descriptorsBefore;
            // the real workers keep their shards until the fake one has loaded them, which it never does
            while (System.nanoTime() - assignedAt < Duration.ofSeconds(5).toNanos()) {
                threadsPeak = Math.max(threadsPeak, count(Path.of("/proc", String.valueOf(server), "task")));
                descriptorsPeak = Math.max(descriptorsPeak, count(Path.of("/proc", String.valueOf(server), "fd")));
                try (QueryResult result = client.execute("SELECT count(*) FROM lineitem", QueryOptions.DEFAULT)) {
                    assertThat(result.summary().location()).as(result.summary().describe())
                            .isEqualTo(ExecutionLocation.DISTRIBUTED);
                    assertThat(result.summary().workers()).isEqualTo(WORKERS);
                }
                Thread.sleep(100);
            }
            assertThat(threadsPeak - threadsBefore).as("server threads added by 300 file requests").isLessThan(20);
            assertThat(descriptorsPeak - descriptorsBefore).as("server descriptors added by 300 file requests").isLessThan(20);
            Path serverLog = cluster.logFile("server");
            while (!Files.readString(serverLog).matches(
                    "(?s).*fake@\\S+ did not report assignment \\d+ ready.*")) {
                assertThat(Duration.ofNanos(System.nanoTime() - assignedAt)).as("the fake worker loses its assignment")
                        .isLessThan(READY_TIMEOUT.plusSeconds(5));
                Thread.sleep(250);
            }
            session.disconnect();
        }
    }

    @Test
    @Order(3)
    void sixteenClientsThroughAWorkerCrashGetExactAnswersAndMemoryReturns() throws Exception {
        Map<NamedQuery, Answer> expected = singleNodeAnswers(TpchQueries.all());
        // warm up at full concurrency: plans cached, every process at its working size
        assertThat(runClients(16, TpchQueries.COUNT, expected)).isEmpty();
        int crashing = cluster.workerNumbers().get(0);
        int staying = cluster.workerNumbers().get(1);
        long serverBefore = residentBytes(cluster.serverPid());
        long workerBefore = residentBytes(cluster.workerPid(staying));
        ExecutorService crash = Executors.newSingleThreadExecutor();
        Future<?> crashed = crash.submit(() -> {
            Thread.sleep(3000);
            cluster.killWorker(crashing);
            Thread.sleep(2000);
            cluster.restartWorker(crashing);
            return null;
        });
        List<String> problems = runClients(16, 100, expected);
        crashed.get(2, TimeUnit.MINUTES);
        crash.shutdown();
        assertThat(problems).isEmpty();
        cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, WORKERS, Duration.ofMinutes(2)).close();
        Thread.sleep(60_000);
        assertThat((double) residentBytes(cluster.serverPid())).as("server resident bytes a minute later (before: "
                + serverBefore + ")").isLessThan(serverBefore * 1.2);
        assertThat((double) residentBytes(cluster.workerPid(staying))).as("resident bytes of the worker that stayed a minute"
                + " later (before: " + workerBefore + ")").isLessThan(workerBefore * 1.2);
    }

    /** Each query's answer from single-node DuckDB over the same data. */
    private static Map<NamedQuery, Answer> singleNodeAnswers(List<NamedQuery> queries) throws Exception {
        Map<NamedQuery, Answer> answers = new LinkedHashMap<>();
        try (BufferAllocator allocator = new RootAllocator();
                DuckDBConnection singleNode = DuckDbDatabases.openReadOnly(TableStore.singleNodeCopy(files.manifest()),
                        DuckDbSettings.DEFAULT)) {
            for (NamedQuery query : queries) {
                answers.put(query, Answer.query(singleNode, query.sql(), allocator));
            }
        }
        return answers;
    }

    /** {@code clients} connections each running {@code perClient} queries, cycling through {@code expected}'s. */
    private static List<String> runClients(int clients, int perClient, Map<NamedQuery, Answer> expected) throws Exception {
        List<NamedQuery> queries = List.copyOf(expected.keySet());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<String>>> runs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            runs.add(pool.submit(() -> {
                List<String> problems = new ArrayList<>();
                try (QueryExecutor own = cluster.connect(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, Duration.ofMinutes(1))) {
                    for (int i = 0; i < perClient; i++) {
                        NamedQuery query = queries.get((offset + i) % queries.size());
                        try (QueryResult result = own.execute(query.sql(), QueryOptions.DEFAULT)) {
                            AnswerComparison.difference(expected.get(query), Answer.of(result.schema().getFields(),
                                    result.batches()), AnswerComparison.isOrdered(query.sql()))
                                    .ifPresent(d -> problems.add(query.name() + ": " + d + " (" + result.summary().describe() + ")"));
                        } catch (QueryFailedException e) {
                            problems.add(query.name() + " failed: " + e.getMessage());
                        }
                    }
                }
                return problems;
            }));
        }
        List<String> problems = new ArrayList<>();
        for (Future<List<String>> run : runs) {
            problems.addAll(run.get(15, TimeUnit.MINUTES));
        }
        pool.shutdown();
        return problems;
    }

    private static long slowestOf(int runs, String sql) throws Exception {
        long slowest = 0;
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            try (QueryResult ignored = client.execute(sql, QueryOptions.DEFAULT)) {
                slowest = Math.max(slowest, (System.nanoTime() - started) / 1_000_000);
            }
        }
        return slowest;
    }

    private static Message.AssignShards awaitAssignment(RawClientSocket fake, MessageCodec codec) throws Exception {
        for (int i = 0; i < 20; i++) {
            String text = fake.nextText();
            if (text != null && codec.decode(text) instanceof Message.AssignShards assignment
                    && !assignment.bundles().stream().allMatch(b -> b.files().isEmpty())) {
                return assignment;
            }
        }
        throw new AssertionError("the fake worker got no assignment with files");
    }

    private static WebSocketConnector connector() throws Exception {
        return new WebSocketConnector(true,
                TlsContexts.client(Optional.of(PemKeyStores.trustStore(List.of(files.tlsCertificate()))), true),
                64L * 1024 * 1024, Duration.ofSeconds(30), "hostile-test");
    }

    private static int count(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return (int) entries.count();
        }
    }

    private static long residentBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    /** A client that sends its query and then reads nothing: it never asks for a frame. */
    public static final class StalledClient implements Session.Listener {
        @Override
        public void onWebSocketOpen(Session session) {
            // no demand: nothing is read from the socket
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            callback.succeed();
        }
    }
}
