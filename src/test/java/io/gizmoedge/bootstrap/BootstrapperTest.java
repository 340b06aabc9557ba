package io.gizmoedge.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.ColumnStatistics;
import io.gizmoedge.catalog.FileDigests;
import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.catalog.ShardHash;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.catalog.TableDistribution;
import io.gizmoedge.security.PasswordHasher;
import io.gizmoedge.security.PemKeyStores;
import io.gizmoedge.security.Role;
import io.gizmoedge.security.TlsCertificateGenerator;
import io.gizmoedge.security.UserList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BootstrapperTest {
    private static final int SHARDS = 4;
    private static final Map<String, Long> SF001_ROWS = Map.of("customer", 1500L, "orders", 15000L, "lineitem", 60175L,
            "part", 2000L, "partsupp", 8000L, "supplier", 100L, "nation", 25L, "region", 5L);

    private Path root;

    private BootstrapLayout layout;
    private BootstrapResult result;
    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> reportedRows = new ConcurrentHashMap<>();

    static Bootstrapper fastBootstrapper() {
        return new Bootstrapper(new PasswordHasher(PasswordHasher.MIN_ITERATIONS), TlsCertificateGenerator.forThisMachine(),
                TpchPlacement.tables());
    }

    @BeforeAll
    void bootstrap(@TempDir Path temporaryRoot) throws Exception {
        root = temporaryRoot;
        layout = BootstrapLayout.defaults(root);
        BootstrapOptions options = BootstrapOptions.of(0.01, SHARDS, "scott", "tiger", "united", layout);
        result = fastBootstrapper().run(options, new ProgressListener() {
            @Override
            public void stepStarted(String step, String description) {
                progress.add(step);
            }

            @Override
            public void tableFinished(String step, String table, long rows, java.time.Duration elapsed) {
                if (step.equals(TpchGenerator.STEP)) {
                    reportedRows.put(table, rows);
                }
            }
        });
    }

    @Test
    void writesTheDefaultLayout() {
        assertThat(layout.databaseFile()).isEqualTo(root.resolve("data/server.duckdb")).doesNotExist(); // the server builds it
        assertThat(layout.manifestFile()).isEqualTo(root.resolve("data/shards/manifest.json")).isRegularFile();
        assertThat(layout.userListFile()).isEqualTo(root.resolve("data/users.json")).isRegularFile();
        assertThat(layout.tlsCertificateFile()).isEqualTo(root.resolve("tls/server.crt")).isRegularFile();
        assertThat(layout.tlsKeyFile()).isEqualTo(root.resolve("tls/server.key")).isRegularFile();
        assertThat(root.resolve("data/shards/files")).isDirectory();
        assertThat(progress).containsExactly("users", "tls", "generate", "shard", "manifest");
        assertThat(reportedRows).isEqualTo(SF001_ROWS);
    }

    @Test
    void manifestDescribesEveryTableAndFile() throws Exception {
        ShardManifest manifest = ManifestFile.read(layout.manifestFile());
        assertThat(manifest).isEqualTo(result.manifest());
        assertThat(manifest.hashFunction()).isEqualTo(ShardHash.NAME);
        assertThat(manifest.scaleFactor()).isEqualTo(0.01);
        assertThat(manifest.shardCount()).isEqualTo(SHARDS);
        assertThat(manifest.tables().stream().collect(Collectors.toMap(TableDefinition::name, TableDefinition::rowCount)))
                .isEqualTo(SF001_ROWS);

        TableDefinition orders = manifest.table("orders").orElseThrow();
        assertThat(orders.distribution()).isEqualTo(TableDistribution.PARTITIONED);
        // customer BY c_custkey, orders LIKE customer, lineitem LIKE orders: the groups follow from the declarations
        assertThat(orders.colocationGroupOf("o_custkey")).contains("hash:integer");
        assertThat(orders.colocationGroupOf("o_orderkey")).contains("like:orders.o_orderkey");
        assertThat(manifest.table("customer").orElseThrow().colocationGroupOf("c_custkey")).contains("hash:integer");
        assertThat(manifest.table("lineitem").orElseThrow().colocationGroupOf("l_orderkey")).contains("like:orders.o_orderkey");
        for (String replicated : List.of("part", "partsupp", "supplier", "nation", "region")) {
            assertThat(manifest.table(replicated).orElseThrow().distribution()).isEqualTo(TableDistribution.REPLICATED);
        }
        TableDefinition lineitem = manifest.table("lineitem").orElseThrow();
        assertThat(lineitem.columns()).extracting(c -> c.name() + " " + c.type()).contains("l_orderkey BIGINT",
                "l_linenumber INTEGER", "l_quantity DECIMAL(15,2)", "l_extendedprice DECIMAL(15,2)", "l_shipdate DATE",
                "l_comment VARCHAR");
        // the load measured every column: l_linenumber runs from 1 to 7 in TPC-H
        ColumnStatistics lineNumbers = lineitem.column("l_linenumber").orElseThrow().statistics();
        assertThat(lineNumbers).isEqualTo(new ColumnStatistics(7, 0, "1", "7"));
        assertThat(lineitem.columns()).allSatisfy(column -> assertThat(column.measured()).isPresent());

        for (ShardBundle shard : manifest.shards()) {
            assertThat(shard.files()).extracting(ShardFile::table).containsExactly("customer", "orders", "lineitem");
            assertThat(shard.files()).extracting(ShardFile::path).allMatch(p -> p.equals("files/" + file(p) + ".parquet"));
        }
        assertThat(manifest.replicated().files()).extracting(ShardFile::table)
                .containsExactly("part", "partsupp", "supplier", "nation", "region");
        for (ShardBundle bundle : allBundles(manifest)) {
            for (ShardFile file : bundle.files()) {
                Path path = layout.shardDirectory().resolve(file.path());
                assertThat(Files.size(path)).isEqualTo(file.sizeBytes());
                assertThat(FileDigests.sha256(path)).isEqualTo(file.sha256());
            }
        }
    }

    @Test
    void shardsHoldEveryRowOnceWithTheirTypes() throws Exception {
        ShardManifest manifest = result.manifest();
        try (Connection connection = openWithFullDatabase()) {
            for (TableDefinition table : manifest.tables()) {
                String files = parquetList(manifest, table.name());
                // the union of shards equals the full table, as multisets of whole rows
                assertThat(count(connection, "SELECT count(*) FROM read_parquet(" + files + ")")).isEqualTo(table.rowCount());
                assertThat(count(connection, "SELECT count(*) FROM (SELECT * FROM read_parquet(" + files + ") EXCEPT ALL "
                        + "SELECT * FROM full_db." + table.name() + ")")).isZero();
                assertThat(count(connection, "SELECT count(*) FROM (SELECT * FROM full_db." + table.name() + " EXCEPT ALL "
                        + "SELECT * FROM read_parquet(" + files + "))")).isZero();
                // the Parquet schema has the manifest's types
                List<ColumnDefinition> parquetColumns = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + files + ")")) {
                    while (rs.next()) {
                        parquetColumns.add(new ColumnDefinition(rs.getString("column_name"), rs.getString("column_type")));
                    }
                }
                assertThat(parquetColumns).as(table.name()).isEqualTo(table.columns().stream()
                        .map(c -> new ColumnDefinition(c.name(), c.type())).toList());
            }
            // the key sets of partitioned tables are disjoint across shards
            assertThat(count(connection, "SELECT count(*) - count(DISTINCT c_custkey) FROM read_parquet(" + parquetList(manifest, "customer") + ")")).isZero();
            assertThat(count(connection, "SELECT count(*) - count(DISTINCT o_orderkey) FROM read_parquet(" + parquetList(manifest, "orders") + ")")).isZero();
            assertThat(count(connection, "SELECT count(*) - count(DISTINCT (l_orderkey, l_linenumber)) FROM read_parquet(" + parquetList(manifest, "lineitem") + ")")).isZero();
        }
    }

    @Test
    void coLocationHolds() throws Exception {
        ShardManifest manifest = result.manifest();
        long customersWithoutOrders = 0;
        try (Connection connection = openWithFullDatabase()) {
            for (ShardBundle shard : manifest.shards()) {
                String customer = file(shard, "customer");
                String orders = file(shard, "orders");
                String lineitem = file(shard, "lineitem");
                // every customer of shard i hashes to i, in Java as in the manifest's function
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT c_custkey FROM read_parquet(" + customer + ")")) {
                    int rows = 0;
                    while (rs.next()) {
                        assertThat(ShardHash.shardOf(rs.getLong(1), SHARDS)).isEqualTo(shard.id());
                        rows++;
                    }
                    assertThat(rows).isPositive();
                }
                // every order is on its customer's shard; every lineitem on its order's shard
                assertThat(count(connection, "SELECT count(*) FROM read_parquet(" + orders + ") o ANTI JOIN read_parquet("
                        + customer + ") c ON o.o_custkey = c.c_custkey")).isZero();
                assertThat(count(connection, "SELECT count(*) FROM read_parquet(" + lineitem + ") l ANTI JOIN read_parquet("
                        + orders + ") o ON l.l_orderkey = o.o_orderkey")).isZero();
                assertThat(count(connection, "SELECT count(*) FROM read_parquet(" + orders + ") WHERE "
                        + ShardHash.sqlExpression("o_custkey", "BIGINT", SHARDS) + " <> " + shard.id())).isZero();
                customersWithoutOrders += count(connection, "SELECT count(*) FROM read_parquet(" + customer + ") c ANTI JOIN "
                        + "read_parquet(" + orders + ") o ON o.o_custkey = c.c_custkey");
            }
            // customers without orders are kept (TPC-H Q13 and Q22 need them)
            assertThat(customersWithoutOrders).isPositive()
                    .isEqualTo(count(connection, "SELECT count(*) FROM full_db.customer c ANTI JOIN full_db.orders o "
                            + "ON o.o_custkey = c.c_custkey"));
        }
    }

    @Test
    void userListAndTlsFilesAreUsable() throws Exception {
        String json = Files.readString(layout.userListFile());
        assertThat(json).doesNotContain("tiger").doesNotContain("united");
        UserList users = UserList.read(layout.userListFile());
        assertThat(users.authenticate("scott", "tiger")).contains(Role.CLIENT);
        assertThat(users.authenticate("worker", "united")).contains(Role.WORKER);
        assertThat(users.authenticate("scott", "united")).isEmpty();
        assertThat(users.authenticate("nobody", "tiger")).isEmpty();
        assertThat(PemKeyStores.serverKeyStore(layout.tlsCertificateFile(), layout.tlsKeyFile()).size()).isEqualTo(1);
        assertThat(PemKeyStores.trustStore(List.of(layout.tlsCertificateFile())).size()).isEqualTo(1);
    }

    @Test
    void refusesToOverwriteUnlessTold() throws Exception {
        BootstrapOptions again = BootstrapOptions.of(0.01, 2, "scott", "lion", null, layout);
        assertThatThrownBy(() -> fastBootstrapper().run(again, ProgressListener.none()))
                .isInstanceOf(OutputExistsException.class)
                .hasMessage(layout.manifestFile() + " already exists; pass --overwrite to replace it");
        // nothing was touched
        assertThat(UserList.read(layout.userListFile()).authenticate("scott", "tiger")).contains(Role.CLIENT);

        Path other = root.resolve("other");
        BootstrapLayout otherLayout = BootstrapLayout.defaults(other);
        BootstrapOptions first = BootstrapOptions.of(0.01, 3, "scott", "tiger", "united", otherLayout);
        fastBootstrapper().run(first, ProgressListener.none());
        BootstrapResult second = fastBootstrapper().run(
                BootstrapOptions.of(0.01, 2, "adams", "lion", null, otherLayout).withOverwrite(true), ProgressListener.none());
        assertThat(second.manifest().shardCount()).isEqualTo(2);
        assertThat(second.manifest().shards()).hasSize(2);
        UserList users = UserList.read(otherLayout.userListFile());
        assertThat(users.authenticate("adams", "lion")).contains(Role.CLIENT);
        assertThat(users.user("worker")).isEmpty();
        assertThat(users.user("scott")).isEmpty();
    }

    private Connection openWithFullDatabase() throws SQLException, java.io.IOException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            // the single-node copy is built from the shards: the row checks against SF001_ROWS make this not circular
            statement.execute("ATTACH '" + io.gizmoedge.engine.TableStore.singleNodeCopy(layout.manifestFile()).toAbsolutePath()
                    + "' AS full_db (READ_ONLY)");
        }
        return connection;
    }

    /** The SHA-256 part of a content-named path {@code files/<sha256>.parquet}. */
    private static String file(String path) {
        return path.replaceAll("^files/([0-9a-f]{64})\\.parquet$", "$1");
    }

    private static List<ShardBundle> allBundles(ShardManifest manifest) {
        List<ShardBundle> bundles = new ArrayList<>(manifest.shards());
        bundles.add(manifest.replicated());
        return bundles;
    }

    private String parquetList(ShardManifest manifest, String table) {
        return allBundles(manifest).stream().flatMap(b -> b.files().stream()).filter(f -> f.table().equals(table))
                .map(f -> "'" + layout.shardDirectory().resolve(f.path()).toAbsolutePath() + "'")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private String file(ShardBundle shard, String table) {
        ShardFile file = shard.files().stream().filter(f -> f.table().equals(table)).findFirst().orElseThrow();
        return "'" + layout.shardDirectory().resolve(file.path()).toAbsolutePath() + "'";
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
