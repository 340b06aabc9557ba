package io.gizmoedge.bench;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.demo.DemoCluster;
import io.gizmoedge.demo.DemoDataset;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.NamedQuery;
import io.gizmoedge.demo.TpchQueries;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a whole benchmark: prepares the dataset, starts a local cluster, measures each query
 * through it and through single-node DuckDB, stops the cluster.
 */
public final class BenchmarkRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkRunner.class);

    private final DemoDataset dataset;
    private final List<String> workerOptions;
    private final boolean repartitionQueries;

    /**
     * @param dataset TPC-H bootstrapped ({@link DemoDataset#TPCH}) or loaded from Parquet files by the
     *     admin ({@link DemoDataset#TPCH_FILES})
     * @param workerOptions further options of every worker (such as {@code --duckdb-memory-limit 3GB})
     * @param repartitionQueries time {@link io.gizmoedge.demo.QuerySet#REPARTITION}'s queries, which move
     *     rows between workers, instead of the selected TPC-H ones
     */
    public BenchmarkRunner(DemoDataset dataset, List<String> workerOptions, boolean repartitionQueries) {
        if (dataset.queries() != io.gizmoedge.demo.QuerySet.TPCH) {
            throw new IllegalArgumentException("the benchmark times the TPC-H queries: use tpch or tpch-files");
        }
        this.dataset = dataset;
        this.workerOptions = List.copyOf(workerOptions);
        this.repartitionQueries = repartitionQueries;
    }

    public BenchmarkReport run(BenchmarkOptions options, PrintStream progress)
            throws IOException, SQLException, InterruptedException, io.gizmoedge.client.QueryFailedException {
        List<NamedQuery> queries = repartitionQueries ? io.gizmoedge.demo.QuerySet.REPARTITION.all()
                : TpchQueries.load(options.queries());
        progress.println("Starting a server with " + options.threads() + " DuckDB thread(s) and " + options.workers()
                + " workers with " + options.threadsPerWorker() + " each ...");
        DemoCluster.Shape shape = new DemoCluster.Shape(options.shards(), options.workers(), options.threadsPerWorker(),
                options.threads(), workerOptions);
        try (DemoCluster demo = DemoCluster.start(dataset, options.directory(), options.scaleFactor(), shape, progress);
                SingleNodeTimer singleNode = new SingleNodeTimer(demo.files().manifest(), options.threads())) {
            LocalCluster cluster = demo.cluster();
            QueryExecutor executor = demo.client();
            ClusterTimer clusterTimer = new ClusterTimer(executor);
            progress.println("Cluster ready on port " + cluster.port() + "; single-node DuckDB has "
                    + options.threads() + " thread(s). Warming up: " + options.warmUpRounds() + " round(s) over the "
                    + queries.size() + " queries on both sides ...");
            warmUp(queries, options.warmUpRounds(), clusterTimer, singleNode);
            progress.println("Measuring " + queries.size() + " queries, 1 warm-up + " + options.runs()
                    + " timed runs each ...");
            QueryBenchmark benchmark = new QueryBenchmark(clusterTimer, singleNode, options.runs());
            List<QueryMeasurement> measurements = new ArrayList<>();
            for (NamedQuery query : queries) {
                measurements.add(benchmark.measure(query));
            }
            String duckDbVersion = singleNode.duckDbVersion();
            LOG.info("measured {} queries", measurements.size());
            return new BenchmarkReport(options, MachineDescription.current(), duckDbVersion, Instant.now(),
                    measurements);
        }
    }

    /** Runs every query {@code rounds} times on each side, untimed; a cluster failure shows later, when measured. */
    private static void warmUp(List<NamedQuery> queries, int rounds, ClusterTimer cluster,
            SingleNodeTimer singleNode) throws SQLException, IOException {
        for (int round = 0; round < rounds; round++) {
            for (NamedQuery query : queries) {
                try {
                    cluster.run(query.sql(), false);
                } catch (QueryFailedException e) {
                    LOG.debug("warm-up of {} failed: {}", query.name(), e.getMessage());
                }
                singleNode.time(query.sql());
            }
        }
    }
}
