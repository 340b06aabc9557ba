package io.gizmoedge.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static io.gizmoedge.integration.EmptyCatalogCluster.copy;
import static io.gizmoedge.integration.EmptyCatalogCluster.rows;
import static io.gizmoedge.integration.EmptyCatalogCluster.run;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.demo.ClusterQueryChecker;
import io.gizmoedge.demo.QueryCheck;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Users' own data through a real cluster (server and two worker processes over TLS): an empty
 * bootstrap, files loaded from an import directory with every placement, appends and drops, and
 * answers compared with single-node DuckDB over the same catalog. Bad statements get one line and
 * change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnDataTest {
    private EmptyCatalogCluster cluster;
    private QueryExecutor admin;

    @BeforeAll
    void startEmptyCluster() throws Exception {
        cluster = EmptyCatalogCluster.start("own-data", 4, 2, OwnDataTest::writeImportFiles);
        admin = cluster.connectAdmin();
        run(admin, "CREATE TABLE events DISTRIBUTED BY (user_id) AS SELECT * FROM read_parquet('events/*.parquet')");
        run(admin, "CREATE TABLE users DISTRIBUTED BY (user_id) AS SELECT * FROM read_csv('users.csv', header = true)");
        run(admin, "CREATE TABLE countries REPLICATED AS SELECT * FROM read_json('countries.json')");
        run(admin, "CREATE TABLE orders DISTRIBUTED BY (o_custkey) AS SELECT * FROM read_parquet('orders.parquet')");
        run(admin, "CREATE TABLE lines DISTRIBUTED LIKE orders ON (lines.l_orderkey = orders.o_orderkey)"
                + " AS SELECT * FROM read_parquet('" + cluster.imports().toAbsolutePath().resolve("lines.parquet") + "')");
        run(admin, "CREATE TABLE daily DISTRIBUTED BY (user_id) AS SELECT user_id, count(*) AS n FROM events GROUP BY user_id");
        run(admin, "CREATE TABLE empty_events (user_id BIGINT, at TIMESTAMP, payload VARCHAR) DISTRIBUTED BY (user_id)");
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
    void loadedTablesAnswerLikeSingleNodeDuckDb() throws Exception {
        run(admin, "INSERT INTO events SELECT * FROM read_parquet('more/*.parquet')");
        run(admin, "INSERT INTO countries VALUES ('NO', 'Norway')");
        run(admin, "INSERT INTO countries SELECT * FROM read_json('countries.json')"); // the same rows again
        List<String> queries = List.of(
                "SELECT count(*) AS n, sum(amount) AS total FROM events",
                "SELECT user_id, count(*) AS n, min(\"at\") AS first_at FROM events GROUP BY user_id ORDER BY user_id",
                "SELECT u.country, count(*) AS n FROM events e JOIN users u ON e.user_id = u.user_id"
                        + " GROUP BY u.country ORDER BY u.country",
                "SELECT c.name, count(*) AS n FROM users u JOIN countries c ON u.country = c.code GROUP BY c.name ORDER BY c.name",
                "SELECT o.o_custkey, sum(l.l_quantity) AS q FROM orders o JOIN lines l ON l.l_orderkey = o.o_orderkey"
                        + " GROUP BY o.o_custkey ORDER BY o.o_custkey",
                "SELECT count(*) AS orphans FROM lines WHERE l_orderkey NOT IN (SELECT o_orderkey FROM orders)",
                "SELECT count(*) AS n, sum(n) AS events FROM daily",
                "SELECT count(*) AS n FROM empty_events",
                "SELECT count(DISTINCT user_id) AS users FROM events WHERE user_id IS NULL OR user_id > 3");
        try (QueryExecutor ready = cluster.processes().awaitReady(EmptyCatalogCluster.ADMIN, EmptyCatalogCluster.ADMIN_PASSWORD, 2, Duration.ofMinutes(2),
                "SELECT count(*) FROM events");
                ClusterQueryChecker checker = new ClusterQueryChecker(ready, cluster.files().manifest())) {
            int distributed = 0;
            for (String sql : queries) {
                QueryCheck check = checker.check(sql, sql, QueryOptions.DEFAULT);
                assertThat(check.difference()).as(sql + " " + check.where()).isEmpty();
                if (check.summary().orElseThrow().location() == ExecutionLocation.DISTRIBUTED) {
                    distributed++;
                }
            }
            assertThat(distributed).as("queries distributed").isGreaterThanOrEqualTo(queries.size() - 2);
        }
        assertThat(rows(admin, "SELECT count(*) FROM events WHERE user_id IS NULL")).containsExactly(List.of("1"));
        assertThat(rows(admin, "SELECT count(*) FROM countries")).as("rows appended twice count twice")
                .containsExactly(List.of("5"));
    }

    @Test
    void showTablesAndDescribe() throws Exception {
        List<List<String>> tables = rows(admin, "SHOW TABLES");
        assertThat(tables).contains(List.of("lines", "DISTRIBUTED LIKE orders ON (l_orderkey = orders.o_orderkey)", "120"));
        assertThat(tables).contains(List.of("countries", "REPLICATED", tables.stream()
                .filter(t -> t.get(0).equals("countries")).findFirst().orElseThrow().get(2)));
        List<List<String>> columns = rows(admin, "DESCRIBE events");
        assertThat(columns.stream().map(c -> c.get(0) + " " + c.get(1)).toList())
                .containsExactly("user_id BIGINT", "at TIMESTAMP", "amount DECIMAL(10,2)", "tag VARCHAR");
        run(admin, "CREATE TABLE users_copy DISTRIBUTED BY (user_id) AS SELECT * FROM read_csv('users.csv', header = true)");
        try (QueryExecutor ready = cluster.processes().awaitReady(EmptyCatalogCluster.ADMIN,
                EmptyCatalogCluster.ADMIN_PASSWORD, 2, Duration.ofMinutes(1), "SELECT count(*) FROM users_copy")) {
            assertThat(rows(ready, "SELECT count(*) FROM users_copy")).as("a table whose files equal another table's")
                    .containsExactly(List.of("4"));
        }
        run(admin, "DROP TABLE users_copy");
        run(admin, "CREATE TABLE scratch REPLICATED AS SELECT 1 AS x");
        run(admin, "DROP TABLE scratch");
        run(admin, "DROP TABLE IF EXISTS scratch");
        long version = ManifestFile.read(cluster.files().manifest()).version();
        run(admin, "CREATE TABLE IF NOT EXISTS events DISTRIBUTED BY (user_id) AS SELECT * FROM read_parquet('missing.parquet')");
        assertThat(ManifestFile.read(cluster.files().manifest()).version()).as("IF NOT EXISTS of an existing table").isEqualTo(version);
        assertThat(rows(admin, "SHOW TABLES").stream().map(t -> t.get(0))).doesNotContain("scratch");
    }

    @Test
    void workersDeleteTheFilesOfDroppedTables() throws Exception {
        run(admin, "CREATE TABLE to_drop DISTRIBUTED BY (user_id) AS SELECT * FROM read_parquet('events/*.parquet')");
        Set<String> dropped = ManifestFile.read(cluster.files().manifest()).filesOf("to_drop").stream()
                .map(ShardFile::sha256).collect(Collectors.toSet());
        try (QueryExecutor ready = cluster.processes().awaitReady(EmptyCatalogCluster.ADMIN,
                EmptyCatalogCluster.ADMIN_PASSWORD, 2, Duration.ofMinutes(1), "SELECT count(*) FROM to_drop")) {
            assertThat(cachedFiles()).as("the workers fetched the new table's files").containsAll(dropped);
        }
        run(admin, "DROP TABLE to_drop");
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (cachedFiles().stream().anyMatch(dropped::contains) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(cachedFiles()).as("files of the dropped table in the workers' caches").doesNotContainAnyElementsOf(dropped);
        Set<String> listed = ManifestFile.read(cluster.files().manifest()).fileDigests();
        assertThat(cachedFiles()).as("every cached file is one the catalog lists").isSubsetOf(listed);
        try (QueryExecutor ready = cluster.processes().awaitReady(EmptyCatalogCluster.ADMIN,
                EmptyCatalogCluster.ADMIN_PASSWORD, 2, Duration.ofMinutes(1), "SELECT count(*) FROM events")) {
            assertThat(rows(ready, "SELECT count(*) FROM users")).as("the remaining tables still answer")
                    .containsExactly(List.of("4"));
        }
    }

    /** The sha-256 of every file in both workers' shard caches. */
    private Set<String> cachedFiles() throws IOException {
        Set<String> hashes = new HashSet<>();
        for (int worker = 1; worker <= 2; worker++) {
            Path shards = cluster.processes().workerDataDirectory(worker).resolve("shards");
            try (Stream<Path> files = Files.list(shards)) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".parquet"))
                        .forEach(n -> hashes.add(n.substring(0, n.length() - ".parquet".length())));
            }
        }
        return hashes;
    }

    /**
     * An INSERT whose values overlap the table's folds distinct counts as the larger of the two (3
     * here); ANALYZE measures the rows again (4), and SHOW STATS FOR shows what the planner uses.
     */
    @Test
    void analyzeMeasuresATableAgainAndShowStatsShowsItToEveryUser() throws Exception {
        run(admin, "CREATE TABLE measured DISTRIBUTED BY (id) AS SELECT range AS id, range % 3 AS k, 'x' AS t FROM range(30)");
        run(admin, "INSERT INTO measured SELECT range + 30, CASE WHEN range % 2 = 0 THEN 1 ELSE 5 END, NULL FROM range(10)");
        assertThat(rows(admin, "SHOW STATS FOR measured")).contains(List.of("k", "BIGINT", "3", "0", "0", "5"));

        run(admin, "ANALYZE measured");
        try (QueryExecutor client = cluster.connect(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD)) {
            List<List<String>> stats = rows(client, "SHOW STATS FOR measured");
            assertThat(stats).hasSize(3);
            List<String> id = stats.get(0);
            assertThat(Long.parseLong(id.get(2))).as("distinct values are approximate (HyperLogLog)").isBetween(36L, 44L);
            assertThat(List.of(id.get(0), id.get(1), id.get(3), id.get(4), id.get(5)))
                    .isEqualTo(List.of("id", "BIGINT", "0", "0", "39"));
            assertThat(stats.subList(1, 3)).containsExactly(List.of("k", "BIGINT", "4", "0", "0", "5"),
                    java.util.Arrays.asList("t", "VARCHAR", "1", "10", null, null));
            refused(client, "ANALYZE measured", "only an admin may change data");
        }
        long version = ManifestFile.read(cluster.files().manifest()).version();
        run(admin, "ANALYZE");
        assertThat(ManifestFile.read(cluster.files().manifest()).tables())
                .as("every table measured, as a new catalog version").hasSizeGreaterThan(1)
                .allSatisfy(table -> assertThat(table.columns()).allSatisfy(column -> assertThat(column.measured()).isPresent()));
        assertThat(ManifestFile.read(cluster.files().manifest()).version()).isEqualTo(version + 1);
        refused(admin, "ANALYZE nowhere", "table nowhere does not exist");
        refused(admin, "SHOW STATS FOR nowhere", "table nowhere does not exist");
        run(admin, "DROP TABLE measured");
    }

    @Test
    void badStatementsGetOneLineAndChangeNothing() throws Exception {
        long version = ManifestFile.read(cluster.files().manifest()).version();
        try (QueryExecutor client = cluster.connect(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD)) {
            refused(client, "CREATE TABLE t REPLICATED AS SELECT 1 AS x", "only an admin may change data");
            refused(client, "DROP TABLE events", "only an admin may change data");
        }
        refused(admin, "CREATE TABLE t REPLICATED AS SELECT * FROM read_parquet('missing.parquet')", "does not exist");
        refused(admin, "CREATE TABLE t REPLICATED AS SELECT * FROM read_parquet('nothing/*.parquet')", "No files found");
        refused(admin, "CREATE TABLE t REPLICATED AS SELECT * FROM read_csv('/etc/passwd')", "outside the import directories");
        refused(admin, "CREATE TABLE t REPLICATED AS SELECT * FROM read_csv('../data/users.json')", "outside the import directories");
        refused(admin, "CREATE TABLE t REPLICATED AS SELECT * FROM read_csv('bad.csv', header = true, columns = {'a': 'INTEGER'})",
                "Could not convert string \"not a number\" to 'INTEGER'");
        refused(admin, "CREATE TABLE t DISTRIBUTED BY (nope) AS SELECT 1 AS x", "column nope does not exist");
        refused(admin, "CREATE TABLE t DISTRIBUTED BY (x) AS SELECT 1.5::DOUBLE AS x", "cannot be hashed");
        refused(admin, "CREATE TABLE t DISTRIBUTED LIKE nowhere ON (t.x = nowhere.y) AS SELECT 1 AS x", "nowhere does not exist");
        refused(admin, "CREATE TABLE events DISTRIBUTED BY (user_id) AS SELECT 1 AS user_id", "already exists");
        refused(admin, "DROP TABLE nowhere", "does not exist");
        refused(admin, "DROP TABLE orders", "drop lines first");
        refused(admin, "INSERT INTO events VALUES (1, 2)", "has 4 columns but the query gives 2");
        refused(admin, "INSERT INTO events SELECT 'x', 'y', 'z', 'w'", "the rows do not fit table events");
        refused(admin, "CREATE TABLE t AS SELECT 1 AS x", "needs a placement");
        assertThat(ManifestFile.read(cluster.files().manifest()).version()).isEqualTo(version);
        assertThat(rows(admin, "SELECT count(*) FROM users")).containsExactly(List.of("4"));
    }

    private static void refused(QueryExecutor executor, String sql, String message) {
        assertThatThrownBy(() -> run(executor, sql)).as(sql).isInstanceOf(QueryFailedException.class)
                .hasMessageContaining(message).hasMessageNotContaining("\n").hasMessageNotContaining("Exception");
    }

    private static void writeImportFiles(Path directory, Statement duckdb) throws Exception {
        String events = "SELECT CASE WHEN i = 7 THEN NULL ELSE i % 50 END::BIGINT AS user_id,"
                + " TIMESTAMP '2026-11-01' + INTERVAL (i) MINUTE AS at, (i * 1.25)::DECIMAL(10,2) AS amount,"
                + " 'tag' || (i % 3) AS tag FROM range(FIRST, LAST) t(i)";
        copy(duckdb, events.replace("FIRST", "0").replace("LAST", "600"), directory.resolve("events/a.parquet"), "parquet");
        copy(duckdb, events.replace("FIRST", "600").replace("LAST", "1000"), directory.resolve("events/b.parquet"), "parquet");
        copy(duckdb, events.replace("FIRST", "1000").replace("LAST", "1100"), directory.resolve("more/c.parquet"), "parquet");
        copy(duckdb, "SELECT * FROM (VALUES (1, 'ann', 'SE'), (2, 'bob', 'DK'), (3, 'cy', 'SE'), (4, 'di', 'NO'))"
                + " t(user_id, name, country)", directory.resolve("users.csv"), "csv, header true");
        copy(duckdb, "SELECT * FROM (VALUES ('SE', 'Sweden'), ('DK', 'Denmark')) t(code, name)",
                directory.resolve("countries.json"), "json");
        copy(duckdb, "SELECT i::BIGINT AS o_orderkey, (i % 7)::INTEGER AS o_custkey FROM range(1, 40) t(i)",
                directory.resolve("orders.parquet"), "parquet");
        copy(duckdb, "SELECT (i % 45)::BIGINT AS l_orderkey, (i % 9)::INTEGER AS l_quantity FROM range(0, 120) t(i)",
                directory.resolve("lines.parquet"), "parquet");
        Files.writeString(directory.resolve("bad.csv"), "a\n1\nnot a number\n");
    }
}
