package io.gizmoedge.integration;

import static io.gizmoedge.integration.EmptyCatalogCluster.copy;
import static io.gizmoedge.integration.EmptyCatalogCluster.rows;
import static io.gizmoedge.integration.EmptyCatalogCluster.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.loading.TableLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The promises of a data change, seen from outside through real processes: a query sees one
 * catalog version from start to end while an append commits, workers fetch only the new files, and
 * a server killed in the middle of a CREATE TABLE AS comes back with the catalog it had before.
 */
class CatalogChangeTest {
    private static final String BASE = "SELECT i::BIGINT AS id, (i % 97)::INTEGER AS g, (i * 7 % 1000)::BIGINT AS v"
            + " FROM range(FIRST, LAST) t(i)";
    private static final List<String> LOOP_QUERIES = List.of(
            "SELECT count(*) AS n, sum(v) AS total FROM t",
            "SELECT g, count(*) AS n, sum(v) AS total FROM t GROUP BY g ORDER BY g");
    private static final Pattern NEW_FILES = Pattern.compile("\\((\\d+) new files loaded\\)");

    @Test
    void aQueryLoopSeesTheOldOrTheNewVersionAndWorkersFetchOnlyTheNewFiles() throws Exception {
        try (EmptyCatalogCluster cluster = EmptyCatalogCluster.start("catalog-append", 4, 2, (imports, duckdb) -> {
            copy(duckdb, rangeOf(0, 200_000), imports.resolve("base/part-0.parquet"), "parquet");
            copy(duckdb, rangeOf(200_000, 400_000), imports.resolve("base/part-1.parquet"), "parquet");
            copy(duckdb, rangeOf(400_000, 450_000), imports.resolve("more/part-2.parquet"), "parquet");
        }); QueryExecutor admin = cluster.connectAdmin()) {
            run(admin, "CREATE TABLE t DISTRIBUTED BY (id) AS SELECT * FROM read_parquet('base/*.parquet')");
            List<List<List<String>>> before = expected(cluster.imports(), "base/*.parquet");
            List<List<List<String>>> after = expected(cluster.imports(), "*/*.parquet");
            ShardManifest beforeInsert = cluster.manifest();
            try (QueryExecutor reader = cluster.processes().awaitReady(EmptyCatalogCluster.ADMIN,
                    EmptyCatalogCluster.ADMIN_PASSWORD, 2, Duration.ofMinutes(2), LOOP_QUERIES.get(0))) {
                int[] linesBefore = {newFileLines(cluster, 1).size(), newFileLines(cluster, 2).size()};
                AtomicBoolean inserted = new AtomicBoolean();
                CompletableFuture<Void> insert = CompletableFuture.runAsync(() -> {
                    try {
                        Thread.sleep(500);
                        run(admin, "INSERT INTO t SELECT * FROM read_parquet('more/*.parquet')");
                        inserted.set(true);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                List<List<List<String>>> answers = new ArrayList<>();
                int afterInsert = 0;
                while (afterInsert < 10) {
                    boolean insertedBeforeQuery = inserted.get();
                    answers.add(rows(reader, LOOP_QUERIES.get(answers.size() % 2)));
                    afterInsert += insertedBeforeQuery ? 1 : 0;
                }
                insert.get(1, TimeUnit.MINUTES);
                for (int i = 0; i < answers.size(); i++) {
                    assertThat(answers.get(i)).as("answer %d of the loop (%s)", i, LOOP_QUERIES.get(i % 2))
                            .isIn(before.get(i % 2), after.get(i % 2));
                }
                assertThat(answers.get(0)).isEqualTo(before.get(0));
                for (int q = 0; q < LOOP_QUERIES.size(); q++) {
                    assertThat(rows(reader, LOOP_QUERIES.get(q))).isEqualTo(after.get(q));
                }
                Set<ShardFile> added = new HashSet<>(files(cluster.manifest()));
                added.removeAll(files(beforeInsert));
                assertThat(added).as("an append adds files and rewrites none").isNotEmpty()
                        .allMatch(file -> file.table().equals("t"));
                assertThat(files(cluster.manifest())).containsAll(files(beforeInsert));
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                int fetched;
                do {
                    fetched = newFileLines(cluster, 1).stream().skip(linesBefore[0]).mapToInt(Integer::intValue).sum()
                            + newFileLines(cluster, 2).stream().skip(linesBefore[1]).mapToInt(Integer::intValue).sum();
                    Thread.sleep(100);
                } while (fetched < added.size() && System.nanoTime() < deadline);
                assertThat(fetched).as("files the workers loaded after the append").isEqualTo(added.size());
            }
        }
    }

    @Test
    void aServerKilledDuringCreateTableAsComesBackWithThePreviousCatalog() throws Exception {
        try (EmptyCatalogCluster cluster = EmptyCatalogCluster.start("catalog-kill", 4, 2, (imports, duckdb) -> {
            copy(duckdb, rangeOf(0, 100_000), imports.resolve("small.parquet"), "parquet");
            copy(duckdb, "SELECT i::BIGINT AS id, md5(i::VARCHAR) AS a, md5((i + 1)::VARCHAR) AS b FROM range(6000000) t(i)",
                    imports.resolve("large.parquet"), "parquet");
        })) {
            try (QueryExecutor admin = cluster.connectAdmin()) {
                run(admin, "CREATE TABLE small DISTRIBUTED BY (id) AS SELECT * FROM read_parquet('small.parquet')");
            }
            ShardManifest before = cluster.manifest();
            Path shardDirectory = cluster.files().manifest().toAbsolutePath().getParent();
            QueryExecutor doomed = cluster.connectAdmin();
            CompletableFuture<Void> create = CompletableFuture.runAsync(() -> {
                try {
                    run(doomed, "CREATE TABLE large DISTRIBUTED BY (id) AS SELECT * FROM read_parquet('large.parquet')");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitStaging(shardDirectory.resolve(TableLoader.STAGING_DIRECTORY));
            Thread.sleep(300);
            cluster.processes().killServer();
            assertThat(create).failsWithin(Duration.ofSeconds(30));
            doomed.close();

            cluster.processes().restartServer();
            try (QueryExecutor admin = cluster.processes().awaitReady(EmptyCatalogCluster.ADMIN,
                    EmptyCatalogCluster.ADMIN_PASSWORD, 2, Duration.ofMinutes(2), "SELECT count(*) FROM small")) {
                assertThat(cluster.manifest()).isEqualTo(before);
                assertThat(rows(admin, "SHOW TABLES").stream().map(row -> row.get(0))).containsExactly("small");
                assertThat(rows(admin, "SELECT count(*) AS n, sum(v) AS total FROM small"))
                        .isEqualTo(expected(cluster.imports(), "small.parquet").get(0));
                assertThat(shardDirectory.resolve(TableLoader.STAGING_DIRECTORY)).as("what the killed load staged")
                        .satisfiesAnyOf(staging -> assertThat(staging).doesNotExist(),
                                staging -> assertThat(staging).isEmptyDirectory());
                try (Stream<Path> stored = Files.list(shardDirectory.resolve(ShardFile.DIRECTORY))) {
                    assertThat(stored.map(file -> file.getFileName().toString()))
                            .containsExactlyInAnyOrderElementsOf(files(before).stream()
                                    .map(file -> Path.of(file.path()).getFileName().toString()).toList());
                }
                run(admin, "CREATE TABLE large DISTRIBUTED BY (id) AS SELECT * FROM read_parquet('small.parquet')");
                assertThat(rows(admin, "SELECT count(*) FROM large")).containsExactly(List.of("100000"));
            }
        }
    }

    private static String rangeOf(long first, long last) {
        return BASE.replace("FIRST", String.valueOf(first)).replace("LAST", String.valueOf(last));
    }

    /** The loop queries' answers from single-node DuckDB over the files {@code glob} matches. */
    private static List<List<List<String>>> expected(Path imports, String glob) throws Exception {
        List<List<List<String>>> answers = new ArrayList<>();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckdb.createStatement()) {
            sql.execute("CREATE VIEW t AS SELECT * FROM read_parquet('" + imports.toAbsolutePath().resolve(glob) + "')");
            for (String query : LOOP_QUERIES) {
                List<List<String>> rows = new ArrayList<>();
                try (ResultSet result = sql.executeQuery(query)) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        List<String> row = new ArrayList<>();
                        for (int c = 1; c <= columns; c++) {
                            row.add(result.getString(c));
                        }
                        rows.add(row);
                    }
                }
                answers.add(rows);
            }
        }
        return answers;
    }

    private static List<ShardFile> files(ShardManifest manifest) {
        List<ShardFile> files = new ArrayList<>(manifest.replicated().files());
        manifest.shards().forEach(bundle -> files.addAll(bundle.files()));
        return files;
    }

    /** The "(N new files loaded)" counts a worker has logged, in order. */
    private static List<Integer> newFileLines(EmptyCatalogCluster cluster, int worker) throws Exception {
        List<Integer> counts = new ArrayList<>();
        Matcher matcher = NEW_FILES.matcher(Files.readString(cluster.processes().workerLog(worker)));
        while (matcher.find()) {
            counts.add(Integer.parseInt(matcher.group(1)));
        }
        return counts;
    }

    private static void awaitStaging(Path staging) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> entries = Files.list(staging)) {
                if (entries.anyMatch(entry -> entry.getFileName().toString().startsWith("load-"))) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not created yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the CREATE TABLE AS never started staging its rows under " + staging);
    }
}
