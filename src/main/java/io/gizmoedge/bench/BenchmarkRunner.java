package io.gizmoedge.bench;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.NamedQuery;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.demo.TpchQueries;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
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
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

    public BenchmarkReport run(BenchmarkOptions options, PrintStream progress)
            throws IOException, SQLException, InterruptedException {
        ClusterFiles files = TpchDemo.prepare(options.directory(), options.scaleFactor(), options.shards(), progress);
        List<NamedQuery> queries = TpchQueries.load(options.queries());
        progress.println("Starting a server with " + options.threads() + " DuckDB thread(s) and " + options.workers()
                + " workers with " + options.threadsPerWorker() + " each (logs in " + options.directory().resolve("logs")
                + ") ...");
        try (LocalCluster cluster = LocalCluster.start(files, TpchDemo.WORKER_PASSWORD,
                        options.directory().resolve("logs"), options.workers(), options.threadsPerWorker(),
                        options.threads());
                QueryExecutor executor = cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD,
                        options.servingWorkers(), READY_TIMEOUT);
                SingleNodeTimer singleNode = new SingleNodeTimer(files.manifest(), options.threads())) {
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
