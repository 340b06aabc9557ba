package io.gizmoedge.demo;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * A demo dataset on a local cluster, ready for queries: its data prepared (bootstrapped TPC-H, or
 * sample files and an empty catalog), a server and workers started, the files loaded as the admin
 * when the dataset has them, and a client connected once a query over its largest table runs
 * distributed on every worker (or on every shard, when there are fewer shards than workers).
 */
public final class DemoCluster implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(30); // workers load SF 10 in minutes

    private final DemoDataset dataset;
    private final ClusterFiles files;
    private final LocalCluster cluster;
    private final QueryExecutor client;

    private DemoCluster(DemoDataset dataset, ClusterFiles files, LocalCluster cluster, QueryExecutor client) {
        this.dataset = dataset;
        this.files = files;
        this.cluster = cluster;
        this.client = client;
    }

    /**
     * The cluster to start: {@code shards} shards, {@code workers} worker processes with
     * {@code workerThreads} DuckDB threads each and {@code workerOptions} on their command line (such
     * as {@code --duckdb-memory-limit 3GB}), a server with {@code serverThreads}.
     */
    public record Shape(int shards, int workers, int workerThreads, int serverThreads, List<String> workerOptions) {
        public Shape {
            if (shards < 1 || workers < 1 || workerThreads < 1 || serverThreads < 1) {
                throw new IllegalArgumentException("shards, workers and threads must be at least 1");
            }
            workerOptions = List.copyOf(workerOptions);
        }

        /** The demo's shape: one DuckDB thread per process, no further worker options. */
        public static Shape of(int shards, int workers) {
            return new Shape(shards, workers, 1, 1, List.of());
        }

        public Shape withWorkerOptions(List<String> options) {
            return new Shape(shards, workers, workerThreads, serverThreads, options);
        }
    }

    /** Prepares {@code dataset} under {@code directory} and starts a cluster of {@code shape} on it; progress goes to {@code out}. */
    public static DemoCluster start(DemoDataset dataset, Path directory, double scaleFactor, Shape shape, PrintStream out)
            throws IOException, SQLException, InterruptedException, QueryFailedException {
        int shards = shape.shards();
        int workers = shape.workers();
        ClusterFiles files;
        List<String> serverOptions;
        Path logs;
        if (dataset.sampleFiles().isEmpty()) {
            files = TpchDemo.prepare(directory, scaleFactor, shards, out);
            serverOptions = List.of();
            logs = directory.resolve("logs");
        } else {
            SampleFilesDemo.Prepared prepared = SampleFilesDemo.prepare(directory, dataset, scaleFactor, shards, out);
            files = prepared.files();
            serverOptions = List.of("--import-path", prepared.importDirectory().toAbsolutePath().toString());
            logs = directory.resolve(dataset.cliName()).resolve("logs");
        }
        out.println("Starting a server and " + workers + " workers (logs in " + logs + ") ...");
        LocalCluster cluster = LocalCluster.start(files, TpchDemo.WORKER_PASSWORD, logs, 0, shape.workerThreads(),
                shape.serverThreads(), serverOptions);
        try {
            for (int i = 0; i < workers; i++) {
                cluster.startWorker(shape.workerOptions().toArray(String[]::new));
            }
            if (!dataset.loadStatements().isEmpty()) {
                try (QueryExecutor admin = cluster.connect(TpchDemo.ADMIN_USER, TpchDemo.ADMIN_PASSWORD, CONNECT_TIMEOUT)) {
                    SampleFilesDemo.load(admin, dataset, out);
                }
            }
            QueryExecutor client = cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD,
                    Math.min(workers, shards), READY_TIMEOUT, dataset.readinessProbe());
            out.println("Flight SQL for JDBC, ADBC and DBeaver: jdbc:arrow-flight-sql://localhost:" + cluster.flightPort()
                    + "?useEncryption=true&tlsRootCerts=" + files.tlsCertificate().toAbsolutePath()
                    + " (user " + TpchDemo.CLIENT_USER + ")");
            return new DemoCluster(dataset, files, cluster, client);
        } catch (IOException | QueryFailedException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Runs the dataset's queries through the cluster and compares each answer with single-node DuckDB on the same data. */
    public List<QueryCheck> checkQueries() throws IOException, SQLException {
        try (ClusterQueryChecker checker = new ClusterQueryChecker(client, files.manifest())) {
            return checker.checkAll(dataset.queries().all(), check -> { });
        }
    }

    public LocalCluster cluster() {
        return cluster;
    }

    public ClusterFiles files() {
        return files;
    }

    /** The connection of the demo's client account. */
    public QueryExecutor client() {
        return client;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            cluster.close();
        }
    }
}
