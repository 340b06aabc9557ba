package io.gizmoedge.integration;

import static io.gizmoedge.integration.EmptyCatalogCluster.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.LineitemSelfJoin;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.security.PasswordHasher;
import io.gizmoedge.security.Role;
import io.gizmoedge.security.UserAccount;
import io.gizmoedge.security.UserList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cluster described in SQL on a real cluster (server and two workers over TLS): gizmo.workers and
 * gizmo.shards agree with the manifest, gizmo.workers shows the DuckDB memory each worker reports, gizmo.queries shows running queries to their users and to
 * the admin, and gizmo.cancel stops a running query (its client gets {@code query cancelled}) but not
 * another user's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterStateViewsTest {
    /**
     * A co-located nine-way self-join: FailoverTest's seconds-long query with two joins more, so that
     * it runs for minutes unless cancelled.
     */
    private static final String LONG_QUERY = LineitemSelfJoin.of(9);
    private static final int WORKERS = 2;
    private static final String ALICE = "alice";
    private static final String ALICE_PASSWORD = "alice-secret";

    private ShardManifest manifest;
    private LocalCluster cluster;
    private QueryExecutor scott;
    private QueryExecutor alice;
    private QueryExecutor admin;

    @BeforeAll
    void startCluster() throws Exception {
        ClusterFiles dataset = TestDataset.files();
        manifest = ManifestFile.read(dataset.manifest());
        Path work = TestDataset.workDirectory("cluster-state");
        Files.createDirectories(work);
        // the dataset's users plus an admin and a second client
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);
        Path users = work.resolve("users.json");
        UserList.read(dataset.userList())
                .withUser(new UserAccount(TpchDemo.ADMIN_USER, Role.ADMIN, hasher.hash(TpchDemo.ADMIN_PASSWORD)))
                .withUser(new UserAccount(ALICE, Role.CLIENT, hasher.hash(ALICE_PASSWORD)))
                .write(users);
        ClusterFiles files = new ClusterFiles(users, dataset.database(), dataset.manifest(), dataset.tlsCertificate(),
                dataset.tlsKey());
        cluster = LocalCluster.start(files, TpchDemo.WORKER_PASSWORD, work, WORKERS, 1, 1, List.of());
        scott = cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, WORKERS, Duration.ofMinutes(2));
        alice = cluster.connect(ALICE, ALICE_PASSWORD, Duration.ofSeconds(30));
        admin = cluster.connect(TpchDemo.ADMIN_USER, TpchDemo.ADMIN_PASSWORD, Duration.ofSeconds(30));
        awaitSettledPlacement();
    }

    /**
     * Waits until every worker is ready and every shard served. Queries distribute as soon as the
     * ready workers cover the shards, which can be while the second worker's arrival still moves
     * shards (the first keeps them until their new owner has loaded them, then takes a new
     * assignment); the views are checked on the placement that follows.
     */
    private void awaitSettledPlacement() throws Exception {
        String unsettled = "SELECT (SELECT count(*) FROM gizmo.workers WHERE state <> 'ready')"
                + " + (SELECT count(*) FROM gizmo.shards WHERE served_by IS NULL) AS unsettled";
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!rows(scott, unsettled).equals(List.of(List.of("0"))) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        Resources.closeAll(admin, alice, scott, cluster);
    }

    @Test
    void workersListTheirShards() throws Exception {
        List<List<String>> workers = rows(scott,
                "SELECT name, state, shards, shard_count, bytes_cached, last_heartbeat FROM gizmo.workers ORDER BY name");
        assertThat(workers).hasSize(WORKERS);
        Set<Integer> served = new TreeSet<>();
        for (List<String> worker : workers) {
            assertThat(worker.get(1)).isEqualTo("ready");
            for (String shard : worker.get(2).split(", ")) {
                assertThat(served.add(Integer.parseInt(shard))).as("shard %s served once", shard).isTrue();
            }
            assertThat(Long.parseLong(worker.get(4))).isPositive();
            assertThat(worker.get(5)).isNotNull();
        }
        assertThat(served).hasSize(manifest.shardCount());
        assertThat(workers.stream().mapToInt(worker -> Integer.parseInt(worker.get(3))).sum()).isEqualTo(manifest.shardCount());
        // DuckDB's own syntax, which the planner cannot read, finds the tables too
        assertThat(rows(scott, "FROM gizmo.workers SELECT * EXCLUDE (shards)")).hasSize(WORKERS);
        try (QueryResult result = scott.execute("SELECT count(*) FROM gizmo.workers", QueryOptions.DEFAULT)) {
            assertThat(result.summary().describe()).contains("reads the cluster's state (gizmo.*)");
        }
    }

    @Test
    void readyWorkersReportTheirDuckDbMemory() throws Exception {
        // workers send a heartbeat at connection and every 2 s: wait for one with a figure from each
        String sql = "SELECT name, duckdb_memory_bytes FROM gizmo.workers WHERE state = 'ready' ORDER BY name";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<List<String>> workers = rows(scott, sql);
        while (!everyFigurePositive(workers) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            workers = rows(scott, sql);
        }
        assertThat(workers).hasSize(WORKERS);
        for (List<String> worker : workers) {
            assertThat(worker.get(1)).as("duckdb_memory_bytes of %s", worker.get(0)).isNotNull();
            assertThat(Long.parseLong(worker.get(1))).as("duckdb_memory_bytes of %s", worker.get(0)).isPositive();
        }
    }

    private static boolean everyFigurePositive(List<List<String>> workers) {
        return workers.size() == WORKERS
                && workers.stream().allMatch(worker -> worker.get(1) != null && Long.parseLong(worker.get(1)) > 0);
    }

    @Test
    void shardsMatchTheManifest() throws Exception {
        Set<List<String>> expected = new HashSet<>();
        for (ShardBundle bundle : manifest.shards()) {
            bundle.files().forEach(file -> expected.add(List.of(String.valueOf(bundle.id()), file.table(),
                    String.valueOf(file.sizeBytes()), file.sha256())));
        }
        manifest.replicated().files().forEach(file -> expected.add(List.of("null", file.table(),
                String.valueOf(file.sizeBytes()), file.sha256())));
        Set<List<String>> shown = new HashSet<>();
        for (List<String> row : rows(alice, "SELECT shard_id, table_name, bytes, sha256, served_by FROM gizmo.shards")) {
            shown.add(List.of(String.valueOf(row.get(0)), row.get(1), row.get(2), row.get(3)));
            assertThat(row.get(4)).as("served by").isNotBlank();
        }
        assertThat(shown).isEqualTo(expected);
        for (var table : manifest.tables()) {
            assertThat(rows(alice, "SELECT sum(row_count) FROM gizmo.shards WHERE table_name = '" + table.name() + "'"))
                    .as(table.name()).containsExactly(List.of(String.valueOf(table.rowCount())));
        }
        // the views are tables like any other: joins and aggregates over them
        List<List<String>> perWorker = rows(alice, "SELECT w.name, count(*) AS files FROM gizmo.workers w"
                + " JOIN gizmo.shards s ON s.served_by LIKE '%' || w.name || '%' GROUP BY w.name ORDER BY w.name");
        assertThat(perWorker).hasSize(WORKERS);
    }

    @Test
    void runningQueriesAreVisibleToTheirUsersAndCancellable() throws Exception {
        // each connection runs one statement at a time: the long queries get connections of their own
        try (QueryExecutor scottsLong = cluster.connect(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, Duration.ofSeconds(30));
                QueryExecutor alicesLong = cluster.connect(ALICE, ALICE_PASSWORD, Duration.ofSeconds(30))) {
            cancelRunningQueries(scottsLong, alicesLong);
        }
    }

    private void cancelRunningQueries(QueryExecutor scottsLong, QueryExecutor alicesLong) throws Exception {
        CompletableFuture<String> scottsQuery = CompletableFuture.supplyAsync(() -> outcome(scottsLong, LONG_QUERY));
        CompletableFuture<String> alicesQuery = CompletableFuture.supplyAsync(() -> outcome(alicesLong, LONG_QUERY));
        List<List<String>> running = awaitRunning(2);
        assertThat(running).extracting(row -> row.get(1)).containsExactlyInAnyOrder(TpchDemo.CLIENT_USER, ALICE);
        long scottsId = idOf(running, TpchDemo.CLIENT_USER);
        long alicesId = idOf(running, ALICE);

        // a client user sees its own queries and sessions only; the admin sees everyone's
        assertThat(rows(scott, "SELECT DISTINCT username FROM gizmo.queries")).containsExactly(List.of(TpchDemo.CLIENT_USER));
        assertThat(rows(alice, "SELECT sql_text FROM gizmo.queries WHERE id = " + scottsId)).isEmpty();
        assertThat(rows(scott, "SELECT DISTINCT username FROM gizmo.sessions")).containsExactly(List.of(TpchDemo.CLIENT_USER));
        assertThat(rows(admin, "SELECT DISTINCT username FROM gizmo.sessions ORDER BY username"))
                .containsExactly(List.of(TpchDemo.ADMIN_USER), List.of(ALICE), List.of(TpchDemo.CLIENT_USER));

        // another user's query is not scott's to stop
        assertThatThrownBy(() -> rows(scott, "SELECT gizmo.cancel(" + alicesId + ")"))
                .isInstanceOf(QueryFailedException.class).hasMessageContaining("another user's");
        assertThat(alicesQuery).isNotDone();

        assertThat(rows(scott, "SELECT gizmo.cancel(" + scottsId + ")")).containsExactly(List.of("true"));
        assertThat(scottsQuery.get(30, TimeUnit.SECONDS)).isEqualTo("query cancelled");
        assertThat(rows(admin, "SELECT gizmo.cancel(" + alicesId + ")")).containsExactly(List.of("true"));
        assertThat(alicesQuery.get(30, TimeUnit.SECONDS)).isEqualTo("query cancelled");
        assertThat(rows(admin, "SELECT gizmo.cancel(" + alicesId + ")")).as("no longer running").containsExactly(List.of("false"));

        assertThat(rows(scott, "SELECT state, error FROM gizmo.queries WHERE id = " + scottsId))
                .containsExactly(List.of("cancelled", "query cancelled"));
        long lineitems = manifest.table("lineitem").orElseThrow().rowCount();
        assertThat(rows(scott, "SELECT count(*) FROM lineitem")).containsExactly(List.of(String.valueOf(lineitems)));
        assertThatThrownBy(() -> rows(scott, "SELECT gizmo.cancel(99999999)"))
                .isInstanceOf(QueryFailedException.class).hasMessageContaining("there is no query 99999999");
    }

    @Test
    void nobodyWritesSchemaGizmo() {
        assertThatThrownBy(() -> rows(admin, "CREATE TABLE gizmo.queries (id BIGINT) REPLICATED"))
                .isInstanceOf(QueryFailedException.class);
        assertThatThrownBy(() -> rows(scott, "INSERT INTO gizmo.queries SELECT * FROM gizmo.queries"))
                .isInstanceOf(QueryFailedException.class);
        assertThatThrownBy(() -> rows(scott, "SELECT gizmo.cancel(id) FROM gizmo.queries"))
                .isInstanceOf(QueryFailedException.class).hasMessageContaining("SELECT gizmo.cancel(42)");
    }

    /** The running queries' (id, user), polled by the admin until {@code count} of LONG_QUERY run. */
    private List<List<String>> awaitRunning(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<List<String>> running = List.of();
        while (System.nanoTime() < deadline) {
            running = new ArrayList<>();
            for (List<String> row : rows(admin, "SELECT id, username, sql_text FROM gizmo.queries WHERE state = 'running'")) {
                if (row.get(2).equals(LONG_QUERY)) {
                    running.add(row);
                }
            }
            if (running.size() == count) {
                return running;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + count + " running queries, saw " + running);
    }

    private static long idOf(List<List<String>> running, String user) {
        return running.stream().filter(row -> row.get(1).equals(user)).mapToLong(row -> Long.parseLong(row.get(0)))
                .findFirst().orElseThrow();
    }

    /** The query's error line, or "answered". */
    private static String outcome(QueryExecutor executor, String sql) {
        try (QueryResult ignored = executor.execute(sql, QueryOptions.DEFAULT)) {
            return "answered";
        } catch (QueryFailedException e) {
            return e.getMessage();
        } catch (java.io.IOException e) {
            return "connection failed: " + e.getMessage();
        }
    }
}
