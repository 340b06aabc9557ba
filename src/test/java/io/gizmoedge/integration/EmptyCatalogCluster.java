package io.gizmoedge.integration;

import io.gizmoedge.bootstrap.BootstrapLayout;
import io.gizmoedge.bootstrap.BootstrapOptions;
import io.gizmoedge.bootstrap.Bootstrapper;
import io.gizmoedge.bootstrap.ProgressListener;
import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.client.WebSocketQueryExecutor;
import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real cluster (server and worker processes, TLS) over an empty catalog, as a user starts one for
 * their own data: bootstrap with {@code --tpch-scale-factor=0}, an admin account, and a server with
 * an import directory. Tests write their files into {@link #imports()} and load them with SQL.
 */
final class EmptyCatalogCluster implements AutoCloseable {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-secret";

    private final Path imports;
    private final ClusterFiles files;
    private final LocalCluster cluster;

    private EmptyCatalogCluster(Path imports, ClusterFiles files, LocalCluster cluster) {
        this.imports = imports;
        this.files = files;
        this.cluster = cluster;
    }

    /**
     * Bootstraps an empty catalog of {@code shards} shards under a fresh work directory named
     * {@code name}, lets {@code writeFiles} fill the import directory, and starts the server and
     * {@code workers} workers (not waiting for them).
     */
    static EmptyCatalogCluster start(String name, int shards, int workers, ImportFiles writeFiles,
            String... serverOptions) throws Exception {
        Path root = TestDataset.workDirectory(name);
        Path imports = Files.createDirectories(root.resolve("imports"));
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckdb.createStatement()) {
            writeFiles.write(imports, sql);
        }
        BootstrapLayout layout = BootstrapLayout.inDataDirectory(root.resolve("data"), root.resolve("tls/server.crt"),
                root.resolve("tls/server.key"));
        new Bootstrapper().run(BootstrapOptions.of(0, shards, TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD,
                TpchDemo.WORKER_PASSWORD, layout).withAdmin(ADMIN, ADMIN_PASSWORD), ProgressListener.printingTo(
                new PrintStream(System.err, true)));
        ClusterFiles files = new ClusterFiles(layout.userListFile(), layout.databaseFile(), layout.manifestFile(),
                layout.tlsCertificateFile(), layout.tlsKeyFile());
        List<String> options = new ArrayList<>(List.of("--import-path", imports.toAbsolutePath().toString()));
        options.addAll(List.of(serverOptions));
        LocalCluster cluster = LocalCluster.start(files, TpchDemo.WORKER_PASSWORD, root.resolve("cluster"), workers, 1, 1,
                options);
        return new EmptyCatalogCluster(imports, files, cluster);
    }

    /** Writes a test's input files into the import directory, with an in-memory DuckDB at hand. */
    interface ImportFiles {
        void write(Path imports, Statement duckdb) throws Exception;
    }

    /** Writes {@code query}'s rows to {@code target} with DuckDB's COPY; {@code format} as in COPY's options. */
    static void copy(Statement duckdb, String query, Path target, String format) throws SQLException, IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        duckdb.execute("COPY (" + query + ") TO '" + target.toAbsolutePath() + "' (FORMAT " + format + ")");
    }

    Path imports() {
        return imports;
    }

    ClusterFiles files() {
        return files;
    }

    LocalCluster processes() {
        return cluster;
    }

    ShardManifest manifest() throws IOException {
        return ManifestFile.read(files.manifest());
    }

    /** A client connection, retried while the server starts. */
    QueryExecutor connect(String user, String password) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                return new WebSocketQueryExecutor(cluster.clientSettings(user, password));
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    QueryExecutor connectAdmin() throws Exception {
        return connect(ADMIN, ADMIN_PASSWORD);
    }

    /** Runs a statement and drops its answer. */
    static void run(QueryExecutor executor, String sql) throws Exception {
        try (QueryResult ignored = executor.execute(sql, QueryOptions.DEFAULT)) {
            // a data statement's one line is in the summary
        }
    }

    /** The answer's rows, every value as text (null for NULL). */
    static List<List<String>> rows(QueryExecutor executor, String sql) throws Exception {
        try (QueryResult result = executor.execute(sql, QueryOptions.DEFAULT)) {
            List<List<String>> rows = new ArrayList<>();
            for (var batch : result.batches()) {
                for (int r = 0; r < batch.getRowCount(); r++) {
                    List<String> row = new ArrayList<>();
                    for (var vector : batch.getFieldVectors()) {
                        Object value = vector.getObject(r);
                        row.add(value == null ? null : value.toString());
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    @Override
    public void close() {
        cluster.close();
    }
}
