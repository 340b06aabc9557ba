package io.gizmoedge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.ClusterQueryChecker;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.QueryCheck;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.demo.TpchQueries;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.QueryOptions;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real server and real worker processes over TLS on a bootstrapped SF 0.01 dataset with 4
 * shards: TPC-H answers through the cluster equal single-node DuckDB's, with 1, 2 and 3 workers.
 */
class DistributedTpchTest {
    private static final int[] CHECKED_QUERIES = {1, 3, 5, 6, 10, 12, 14, 19};
    private static final int[] MUST_DISTRIBUTE = {1, 6};

    @ParameterizedTest(name = "{0} worker(s)")
    @ValueSource(ints = {1, 2, 3})
    void answersEqualSingleNodeDuckDb(int workerCount) throws Exception {
        ClusterFiles files = TestDataset.files();
        try (LocalCluster cluster = LocalCluster.start(files, TpchDemo.WORKER_PASSWORD,
                        TestDataset.workDirectory("tpch-" + workerCount), workerCount, 1);
                QueryExecutor executor = cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD,
                        Math.min(workerCount, TestDataset.SHARDS), Duration.ofMinutes(2));
                ClusterQueryChecker checker = new ClusterQueryChecker(executor, files.database())) {
            for (int number : CHECKED_QUERIES) {
                TpchQueries.TpchQuery query = TpchQueries.load(number);
                QueryCheck check = checker.check(query.name(), query.sql(), QueryOptions.DEFAULT);
                assertThat(check.difference()).as(query.name() + " " + check.where()).isEmpty();
                for (int distributed : MUST_DISTRIBUTE) {
                    if (distributed == number) {
                        assertThat(check.summary().orElseThrow().location()).as(query.name() + " " + check.where())
                                .isEqualTo(ExecutionLocation.DISTRIBUTED);
                        assertThat(check.summary().orElseThrow().shards()).isEqualTo(TestDataset.SHARDS);
                    }
                }
            }
        }
    }
}
