package io.gizmoedge.integration;

import static io.gizmoedge.integration.EmptyCatalogCluster.rows;
import static io.gizmoedge.integration.EmptyCatalogCluster.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.demo.Answer;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.protocol.QueryOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A worker frozen (SIGSTOP) while a repartitioned join moves its rows: the rows forwarded to it back
 * up, so the server stops reading the workers that produce them. The frozen worker is declared lost
 * within the heartbeat timeout and the producers are not; the join runs again on the others and
 * answers exactly. Real server and worker processes over TLS.
 */
class RepartitionFailoverTest {
    private static final int ROWS = 1_500_000;
    private static final int KEYS = 300_007;
    private static final int WORKERS = 3;
    private static final String JOIN = "SELECT count(*) AS n, sum(a.id) AS ids FROM moved a JOIN moved b ON a.k = b.k";

    @Test
    void aWorkerFrozenWhileRowsMoveIsDeclaredLostAndTheJoinAnswers() throws Exception {
        try (EmptyCatalogCluster cluster = EmptyCatalogCluster.start("repartition-failover", WORKERS, WORKERS,
                (imports, duckdb) -> { }, "--worker-heartbeat-timeout", "3s", "--join-broadcast-rows", "0")) {
            try (QueryExecutor admin = cluster.connectAdmin()) {
                run(admin, "CREATE TABLE moved DISTRIBUTED BY (id) AS SELECT range AS id, range % " + KEYS
                        + " AS k, repeat('x', 60) AS pad FROM range(" + ROWS + ")");
            }
            try (QueryExecutor client = cluster.processes().awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD,
                    WORKERS, Duration.ofMinutes(2), "SELECT count(*) FROM moved")) {
                assertThat(rows(client, "EXPLAIN " + JOIN)).as("the plan moves both sides by the join key")
                        .filteredOn(row -> String.valueOf(row.get(2)).startsWith("REPARTITION BY hash("))
                        .isNotEmpty();

                CompletableFuture<List<List<String>>> answer = CompletableFuture.supplyAsync(() -> answer(client));
                Thread.sleep(1500);
                int frozen = cluster.processes().workerNumbers().get(0);
                cluster.processes().freezeWorker(frozen);

                assertThat(answer.get(5, TimeUnit.MINUTES)).containsExactly(ModuloSelfJoin.expected(ROWS, KEYS));
                cluster.processes().killWorker(frozen);
            }
        }
    }

    private List<List<String>> answer(QueryExecutor client) {
        try (QueryResult result = client.execute(JOIN, QueryOptions.DEFAULT)) {
            ExecutionSummary summary = result.summary();
            assertThat(summary.location()).as(summary.describe()).isEqualTo(ExecutionLocation.DISTRIBUTED);
            assertThat(summary.describe()).as("the run lost the frozen worker and ran again").contains("ran again after");
            assertThat(summary.workers()).as("only the frozen worker was lost: " + summary.describe())
                    .isEqualTo(WORKERS - 1);
            return Answer.of(result.schema().getFields(), result.batches()).rows().stream()
                    .map(row -> row.stream().map(String::valueOf).toList()).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
