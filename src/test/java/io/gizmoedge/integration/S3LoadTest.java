package io.gizmoedge.integration;

import static io.gizmoedge.integration.EmptyCatalogCluster.copy;
import static io.gizmoedge.integration.EmptyCatalogCluster.rows;
import static io.gizmoedge.integration.EmptyCatalogCluster.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Loading {@code s3://} objects through a real cluster (server and two worker processes over TLS)
 * from a real S3-compatible store (s3proxy, its own process): Parquet globs, a single object and
 * CSV, with sums compared with DuckDB over the same files; and the failures a store brings (missing
 * bucket, glob matching nothing, refused credentials, store down) each one line that changes nothing,
 * with the next statement on the same connection working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3LoadTest {
    private static final String KEY_ID = "gizmo-test-key";
    private static final String SECRET = "gizmo-test-secret-0123456789";
    private static final String BUCKET = "gizmo-data";
    private static final String EVENTS = "SELECT i::BIGINT AS id, (i % 17)::INTEGER AS user_id, (i * 1.25)::DECIMAL(10,2) AS amount,"
            + " 'tag' || (i % 3) AS tag FROM range(FIRST, LAST) t(i)";

    private Path root;
    private Path objects;
    private S3TestServer s3;
    private EmptyCatalogCluster cluster;
    private QueryExecutor admin;

    @BeforeAll
    void startStoreAndCluster() throws Exception {
        root = TestDataset.workDirectory("s3-load").toAbsolutePath();
        objects = writeObjects(Files.createDirectories(root.resolve("objects")));
        s3 = S3TestServer.start(root.resolve("s3"), KEY_ID, SECRET);
        try (S3Client client = s3.client(SECRET)) {
            client.createBucket(request -> request.bucket(BUCKET));
            try (var walk = Files.walk(objects)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    S3TestServer.upload(client, BUCKET, objects.relativize(file).toString().replace('\\', '/'), file);
                }
            }
        }
        cluster = EmptyCatalogCluster.start("s3-load-cluster", 4, 2, (imports, duckdb) -> { },
                "--s3-endpoint", s3.endpoint().toString(), "--s3-access-key-id", KEY_ID, "--s3-secret-access-key", SECRET);
        admin = cluster.connectAdmin();
        run(admin, "CREATE TABLE kept REPLICATED AS SELECT * FROM read_csv('s3://" + BUCKET + "/csv/users.csv', header = true)");
    }

    @AfterAll
    void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void loadsParquetGlobsSingleObjectsAndCsvFromS3() throws Exception {
        run(admin, "CREATE TABLE events DISTRIBUTED BY (id) AS SELECT * FROM read_parquet('s3://" + BUCKET + "/data/*.parquet')");
        run(admin, "INSERT INTO events SELECT * FROM read_parquet('s3://" + BUCKET + "/more/part.parquet')");
        run(admin, "CREATE TABLE nested DISTRIBUTED BY (id) AS SELECT * FROM read_parquet('s3://" + BUCKET
                + "/data/**/*.parquet')");
        run(admin, "CREATE TABLE users DISTRIBUTED BY (id) AS SELECT * FROM read_csv('s3://" + BUCKET
                + "/csv/users.csv', header = true)");

        String totals = "SELECT count(*) AS n, sum(id) AS ids, sum(amount) AS amount, count(DISTINCT user_id) AS users FROM ";
        assertSameNumbers(rows(admin, totals + "events"),
                local(totals + "read_parquet(['" + objects.resolve("data/a.parquet") + "', '" + objects.resolve("data/b.parquet")
                        + "', '" + objects.resolve("more/part.parquet") + "'])"));
        assertSameNumbers(rows(admin, totals + "nested"), local(totals + "read_parquet('" + objects.resolve("data") + "/**/*.parquet')"));
        assertThat(rows(admin, "SELECT count(*) FROM nested")).containsExactly(List.of("1050"));
        assertThat(rows(admin, "SELECT count(*) FROM events")).containsExactly(List.of("1050"));
        assertThat(rows(admin, "SELECT name FROM users WHERE id = 3")).containsExactly(List.of("cy"));
        assertThat(rows(admin, "SELECT u.name, count(*) AS n FROM events e JOIN users u ON e.user_id = u.id"
                + " GROUP BY u.name ORDER BY u.name")).hasSize(4);
    }

    @Test
    void storeFailuresGetOneLineChangeNothingAndTheConnectionGoesOn() throws Exception {
        long version = cluster.manifest().version();
        List<List<String>> tables = rows(admin, "SHOW TABLES");
        List<List<String>> count = rows(admin, "SELECT count(*) FROM kept");
        String store = s3.endpoint().toString();

        refused("CREATE TABLE t REPLICATED AS SELECT * FROM read_parquet('s3://no-such-bucket/data/*.parquet')",
                "bucket no-such-bucket does not exist on " + store);
        refused("INSERT INTO kept SELECT * FROM read_csv('s3://no-such-bucket/csv/users.csv', header = true)",
                "bucket no-such-bucket does not exist on " + store);
        refused("CREATE TABLE t REPLICATED AS SELECT * FROM read_parquet('s3://" + BUCKET + "/data/*.csv')",
                "no object matches s3://" + BUCKET + "/data/*.csv");
        refused("INSERT INTO kept SELECT * FROM read_csv('s3://" + BUCKET + "/csv/missing.csv', header = true)",
                "object s3://" + BUCKET + "/csv/missing.csv does not exist on " + store);
        refused("CREATE TABLE t REPLICATED AS SELECT * FROM read_parquet('s3://" + BUCKET + "')",
                "name an object or a glob after the bucket");
        try {
            s3.restart("another-secret");
            refused("INSERT INTO kept SELECT * FROM read_csv('s3://" + BUCKET + "/csv/users.csv', header = true)",
                    "the S3 store at " + store + " refused the credentials of access key id " + KEY_ID);
            refused("CREATE TABLE t REPLICATED AS SELECT * FROM read_parquet('s3://" + BUCKET + "/data/*.parquet')",
                    "check --s3-access-key-id and --s3-secret-access-key");
            s3.stop();
            refused("CREATE TABLE t REPLICATED AS SELECT * FROM read_parquet('s3://" + BUCKET + "/data/*.parquet')",
                    "cannot reach the S3 store at " + store);
        } finally {
            s3.restart(SECRET);
        }
        assertThat(cluster.manifest().version()).isEqualTo(version);
        assertThat(rows(admin, "SHOW TABLES")).isEqualTo(tables);
        assertThat(rows(admin, "SELECT count(*) FROM kept")).isEqualTo(count);

        run(admin, "INSERT INTO kept SELECT * FROM read_csv('s3://" + BUCKET + "/csv/more-users.csv', header = true)");
        assertThat(rows(admin, "SELECT count(*) FROM kept"))
                .containsExactly(List.of(String.valueOf(Long.parseLong(count.get(0).get(0)) + 3)));
    }

    /** {@code sql} fails with one line holding {@code message}; the same connection then answers a query. */
    private void refused(String sql, String message) throws Exception {
        assertThatThrownBy(() -> run(admin, sql)).as(sql).isInstanceOf(QueryFailedException.class)
                .hasMessageContaining(message).hasMessageNotContaining("\n").hasMessageNotContaining("Exception")
                .hasMessageNotContaining("software.amazon").hasMessageNotContaining(SECRET);
        assertThat(rows(admin, "SELECT count(*) FROM kept")).as("after " + sql).hasSize(1);
    }

    private static void assertSameNumbers(List<List<String>> actual, List<List<String>> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < expected.get(r).size(); c++) {
                assertThat(new BigDecimal(actual.get(r).get(c))).as("row " + r + " column " + c)
                        .isEqualByComparingTo(new BigDecimal(expected.get(r).get(c)));
            }
        }
    }

    private static List<List<String>> local(String sql) throws Exception {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                    row.add(String.valueOf(result.getObject(c)));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static Path writeObjects(Path directory) throws Exception {
        Files.createDirectories(directory.resolve("data/nested/deeper"));
        Files.createDirectories(directory.resolve("more"));
        Files.createDirectories(directory.resolve("csv"));
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckdb.createStatement()) {
            copy(sql, EVENTS.replace("FIRST", "0").replace("LAST", "600"), directory.resolve("data/a.parquet"), "parquet");
            copy(sql, EVENTS.replace("FIRST", "600").replace("LAST", "1000"), directory.resolve("data/b.parquet"), "parquet");
            copy(sql, EVENTS.replace("FIRST", "1000").replace("LAST", "1050"), directory.resolve("data/nested/deeper/c.parquet"),
                    "parquet");
            copy(sql, EVENTS.replace("FIRST", "1050").replace("LAST", "1100"), directory.resolve("more/part.parquet"), "parquet");
            copy(sql, "SELECT * FROM (VALUES (1, 'ann'), (2, 'bob'), (3, 'cy'), (4, 'di')) t(id, name)",
                    directory.resolve("csv/users.csv"), "csv, header true");
            copy(sql, "SELECT * FROM (VALUES (5, 'ed'), (6, 'flo'), (7, 'gus')) t(id, name)",
                    directory.resolve("csv/more-users.csv"), "csv, header true");
        }
        Files.writeString(directory.resolve("data/readme.txt"), "not data: the *.parquet globs must skip it\n");
        return directory;
    }
}
