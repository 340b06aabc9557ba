package io.gizmoedge.bench;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.ClusterQueryChecker;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.NamedQuery;
import io.gizmoedge.demo.QueryCheck;
import io.gizmoedge.demo.QuerySet;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.demo.TpchQueries;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the selected TPC-H queries and the repartitioning checks ({@link QuerySet#REPARTITION}) through a
 * cluster of every shape in the matrix and compares each
 * answer with single-node DuckDB on the same data. Clusters run one at a time, one DuckDB
 * thread per process.
 */
public final class MatrixVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(MatrixVerifier.class);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    public List<MatrixCell> run(MatrixOptions options, PrintStream progress) throws IOException, SQLException {
        List<NamedQuery> queries = new ArrayList<>(TpchQueries.load(options.queries()));
        queries.addAll(QuerySet.REPARTITION.all());
        List<MatrixCell> cells = new ArrayList<>();
        for (int shards : options.shardCounts()) {
            Path dataset = options.datasetDirectory(shards);
            ClusterFiles files = TpchDemo.prepare(dataset, options.scaleFactor(), shards, progress);
            for (int workers : options.workerCounts()) {
                progress.println("Checking " + shards + " shard(s) with " + workers + " worker(s) ...");
                MatrixCell cell = check(files, dataset.resolve("logs-" + workers + "-workers"), shards, workers, queries);
                progress.println(cell.passed() ? "  all " + cell.checks().size() + " answers equal"
                        : "  " + cell.startFailure().orElse(cell.mismatches().size() + " answer(s) differ"));
                cells.add(cell);
            }
        }
        return cells;
    }

    private MatrixCell check(ClusterFiles files, Path logs, int shards, int workers,
            List<NamedQuery> queries) throws SQLException, IOException {
        try (LocalCluster cluster = LocalCluster.start(files, TpchDemo.WORKER_PASSWORD, logs, workers, 1);
                QueryExecutor executor = cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD,
                        Math.min(workers, shards), READY_TIMEOUT);
                ClusterQueryChecker checker = new ClusterQueryChecker(executor, files.manifest())) {
            List<QueryCheck> checks = checker.checkAll(queries, check -> {
                if (!check.matches()) {
                    LOG.warn("{} shards, {} workers, {}: {}", shards, workers, check.name(), check.difference().get());
                }
            });
            return new MatrixCell(shards, workers, checks, Optional.empty());
        } catch (IOException e) {
            return new MatrixCell(shards, workers, List.of(), Optional.of("the cluster did not start: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the cluster", e);
        }
    }
}
