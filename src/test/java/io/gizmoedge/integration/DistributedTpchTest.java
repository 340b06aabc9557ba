package io.gizmoedge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.ClusterQueryChecker;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.demo.QuerySet;
import io.gizmoedge.demo.TpchQueries;
import io.gizmoedge.protocol.ExecutionLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real server and real worker processes over TLS on bootstrapped SF 0.01 datasets: all 22
 * TPC-H answers and the repartitioning checks through the cluster equal single-node DuckDB's, for several shard and worker
 * counts (one worker serving every shard, more workers than shards, many shards), and the
 * queries run distributed. The full matrix at SF 0.1 is `bin/gizmo-edge verify-matrix`.
 */
class DistributedTpchTest {
    private static final int MIN_DISTRIBUTED = 20;

    @ParameterizedTest(name = "{0} shards, {1} worker(s)")
    @CsvSource({"4,1", "4,2", "4,3", "1,2", "11,3"})
    void answersEqualSingleNodeDuckDb(int shards, int workerCount) throws Exception {
        ClusterFiles files = TestDataset.files(shards);
        List<String> notDistributed = new ArrayList<>();
        try (LocalCluster cluster = LocalCluster.start(files, TpchDemo.WORKER_PASSWORD,
                        TestDataset.workDirectory("tpch-" + shards + "-" + workerCount), workerCount, 1);
                QueryExecutor executor = cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD,
                        Math.min(workerCount, shards), Duration.ofMinutes(3));
                ClusterQueryChecker checker = new ClusterQueryChecker(executor, files.manifest())) {
            checker.checkAll(TpchQueries.all(), check -> {
                assertThat(check.difference()).as(check.name() + " " + check.where()).isEmpty();
                if (check.summary().orElseThrow().location() != ExecutionLocation.DISTRIBUTED) {
                    notDistributed.add(check.name() + " (" + check.where() + ")");
                }
            });
            // joins, groupings, windows and set operations off the distribution keys: rows move between workers
            checker.checkAll(QuerySet.REPARTITION.all(), check -> {
                assertThat(check.difference()).as(check.name() + " " + check.where()).isEmpty();
                assertThat(check.summary().orElseThrow().location()).as(check.name() + " " + check.where())
                        .isEqualTo(ExecutionLocation.DISTRIBUTED);
            });
        }
        assertThat(TpchQueries.COUNT - notDistributed.size()).as("distributed; not: " + notDistributed)
                .isGreaterThanOrEqualTo(MIN_DISTRIBUTED);
    }
}
