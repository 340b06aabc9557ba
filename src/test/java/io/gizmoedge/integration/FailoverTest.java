package io.gizmoedge.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.ClusterQueryChecker;
import io.gizmoedge.demo.LineitemSelfJoin;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.NamedQuery;
import io.gizmoedge.demo.QueryCheck;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.demo.TpchQueries;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.QueryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Queries that lose workers while they run: real server and worker processes over TLS, workers
 * killed with {@code kill -9} or frozen with SIGSTOP in the middle of queries. Every answer is
 * compared with single-node DuckDB over the same data; none may fail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverTest {
    /** A co-located seven-way self-join: seconds of work on every worker at SF 0.01, one number as the answer. */
    private static final String LONG_QUERY = LineitemSelfJoin.of(7);
    private static final int WORKERS = 3;

    private static ClusterFiles files;
    private static LocalCluster cluster;
    private static QueryExecutor client;
    private static ClusterQueryChecker checker;

    @BeforeAll
    static void startCluster() throws Exception {
        files = TestDataset.files();
        cluster = LocalCluster.start(files, TpchDemo.WORKER_PASSWORD, TestDataset.workDirectory("failover"), WORKERS, 1, 1,
                List.of("--worker-heartbeat-timeout", "3s"));
        client = cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, WORKERS, Duration.ofMinutes(2));
        checker = new ClusterQueryChecker(client, files.manifest());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Resources.closeAll(checker, client, cluster);
    }

    @Test
    @Order(1)
    void aWorkerKilledDuringAQueryDoesNotFailIt() throws Exception {
        Future<QueryCheck> running = CompletableFuture.supplyAsync(() -> check(LONG_QUERY));
        Thread.sleep(3000);
        cluster.killWorker(cluster.workerNumbers().get(0));
        QueryCheck check = running.get(5, TimeUnit.MINUTES);
        assertThat(check.difference()).as(check.where()).isEmpty();
        assertThat(check.summary().orElseThrow().location()).isEqualTo(ExecutionLocation.DISTRIBUTED);
        assertThat(check.summary().orElseThrow().describe()).contains("ran again after");
        restartKilledWorkers();
    }

    @Test
    @Order(2)
    void twoWorkersKilledOneAfterTheOtherDoNotFailIt() throws Exception {
        List<Integer> workers = cluster.workerNumbers();
        Future<QueryCheck> running = CompletableFuture.supplyAsync(() -> check(LONG_QUERY));
        Thread.sleep(3000);
        cluster.killWorker(workers.get(0));
        Thread.sleep(4000);
        cluster.killWorker(workers.get(1));
        QueryCheck check = running.get(5, TimeUnit.MINUTES);
        assertThat(check.difference()).as(check.where()).isEmpty();
        restartKilledWorkers();
    }

    @Test
    @Order(3)
    void aFrozenWorkerIsDeclaredLostWithinSeconds() throws Exception {
        int frozen = cluster.workerNumbers().get(0);
        cluster.freezeWorker(frozen);
        long frozenAt = System.nanoTime();
        long distributedAfterMillis = -1;
        while (System.nanoTime() - frozenAt < Duration.ofSeconds(30).toNanos()) {
            QueryCheck check = checker.check("count", "SELECT count(*) FROM lineitem", QueryOptions.DEFAULT);
            assertThat(check.difference()).as(check.where()).isEmpty();
            if (check.summary().orElseThrow().location() == ExecutionLocation.DISTRIBUTED
                    && check.summary().orElseThrow().workers() == WORKERS - 1) {
                distributedAfterMillis = (System.nanoTime() - frozenAt) / 1_000_000;
                break;
            }
            Thread.sleep(200);
        }
        assertThat(distributedAfterMillis).as("ms until queries ran distributed without the frozen worker")
                .isBetween(0L, 10_000L);
        cluster.killWorker(frozen);
        restartKilledWorkers();
    }

    @Test
    @Order(4)
    void aWorkerRestartingWhileClientsLoopFailsNoQuery() throws Exception {
        List<NamedQuery> queries = TpchQueries.all();
        AtomicBoolean restarted = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> loops = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            loops.add(clients.submit(() -> {
                List<String> problems = new ArrayList<>();
                try (QueryExecutor own = cluster.connect(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, Duration.ofMinutes(1));
                        ClusterQueryChecker ownChecker = new ClusterQueryChecker(own, files.manifest())) {
                    do {
                        for (NamedQuery query : queries) {
                            QueryCheck check = ownChecker.check(query.name(), query.sql(), QueryOptions.DEFAULT);
                            if (!check.difference().isEmpty()) {
                                problems.add(query.name() + ": " + check.difference() + " " + check.where());
                            }
                        }
                    } while (!restarted.get());
                }
                return problems;
            }));
        }
        Thread.sleep(2000);
        int worker = cluster.workerNumbers().get(0);
        cluster.killWorker(worker);
        Thread.sleep(2000);
        cluster.restartWorker(worker);
        cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, WORKERS, Duration.ofMinutes(2)).close();
        restarted.set(true);
        for (Future<List<String>> loop : loops) {
            assertThat(loop.get(10, TimeUnit.MINUTES)).isEmpty();
        }
        clients.shutdown();
    }

    @Test
    @Order(5)
    void aQueryPastItsTimeoutIsStoppedAndTheServerIdles() throws Exception {
        String endless = "SELECT count(*) FROM generate_series(1, 1000000000000)";
        long started = System.nanoTime();
        assertThatThrownBy(() -> client.execute(endless, QueryOptions.DEFAULT.withTimeout(Duration.ofSeconds(3))).close())
                .isInstanceOf(QueryFailedException.class).hasMessage("query timed out after 3 s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        assertThat(serverCpuOver(Duration.ofSeconds(3))).as("server CPU after the timeout").isLessThan(Duration.ofMillis(800));
        assertThat(checker.check("count", "SELECT count(*) FROM lineitem", QueryOptions.DEFAULT).difference()).isEmpty();
    }

    @Test
    @Order(6)
    void aQueryIsStoppedWhenItsClientDisconnects() throws Exception {
        QueryExecutor leaving = cluster.connect(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, Duration.ofMinutes(1));
        CompletableFuture<Void> endless = CompletableFuture.runAsync(() -> {
            try (QueryResult ignored = leaving.execute("SELECT count(*) FROM generate_series(1, 1000000000000)",
                    QueryOptions.DEFAULT)) {
                // never reached: the connection closes first
            } catch (Exception expected) {
                // the client went away
            }
        });
        Thread.sleep(1500);
        leaving.close();
        endless.get(1, TimeUnit.MINUTES);
        Thread.sleep(2000);
        assertThat(serverCpuOver(Duration.ofSeconds(3))).as("server CPU after the client left").isLessThan(Duration.ofMillis(800));
    }

    @Test
    @Order(7)
    void aClientCancelsItsRunningQuery() throws Exception {
        CompletableFuture<Void> cancel = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.cancelRunning();
        });
        assertThatThrownBy(() -> client.execute(LONG_QUERY, QueryOptions.DEFAULT).close())
                .isInstanceOf(QueryFailedException.class).hasMessage("query cancelled");
        cancel.get(1, TimeUnit.MINUTES);
        Thread.sleep(1000);
        assertThat(serverCpuOver(Duration.ofSeconds(3))).as("server CPU after the cancel").isLessThan(Duration.ofMillis(800));
        for (int worker : cluster.workerNumbers()) {
            ProcessHandle process = ProcessHandle.of(cluster.workerPid(worker)).orElseThrow();
            Duration before = process.info().totalCpuDuration().orElseThrow();
            Thread.sleep(1000);
            assertThat(process.info().totalCpuDuration().orElseThrow().minus(before)).as("CPU of worker " + worker
                    + " after the cancel").isLessThan(Duration.ofMillis(500));
        }
        assertThat(checker.check("count", "SELECT count(*) FROM lineitem", QueryOptions.DEFAULT).difference()).isEmpty();
    }

    private static QueryCheck check(String sql) {
        try {
            return checker.check(sql, sql, QueryOptions.DEFAULT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void restartKilledWorkers() throws Exception {
        cluster.restartKilledWorkers();
        cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, WORKERS, Duration.ofMinutes(2)).close();
    }

    /** The CPU time the server process uses over the next {@code window}. */
    private static Duration serverCpuOver(Duration window) throws InterruptedException {
        ProcessHandle server = ProcessHandle.of(cluster.serverPid()).orElseThrow();
        Duration before = server.info().totalCpuDuration().orElseThrow();
        Thread.sleep(window.toMillis());
        return server.info().totalCpuDuration().orElseThrow().minus(before);
    }
}
