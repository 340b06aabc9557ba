package io.gizmoedge.integration;

import static io.gizmoedge.integration.EmptyCatalogCluster.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.demo.Answer;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.protocol.ServerRunCause;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server started with {@code --max-query-memory 1000000} and two real workers: a join whose moved
 * rows (200,000 of them, broadcast through the server) outgrow the limit runs on the server and
 * answers exactly, a query whose partial results fit stays distributed, and the server goes on
 * serving.
 */
class QueryMemoryLimitTest {
    private static final String JOIN = "SELECT count(*) AS n, sum(a.id) AS ids FROM big a JOIN big b ON a.k = b.id";

    @Test
    void aQueryThatMovesMoreThanTheLimitRunsOnTheServerAndAnswers() throws Exception {
        try (EmptyCatalogCluster cluster = EmptyCatalogCluster.start("query-memory", 2, 2, (imports, duckdb) -> { },
                "--max-query-memory", "1000000")) {
            try (QueryExecutor admin = cluster.connectAdmin()) {
                run(admin, "CREATE TABLE big DISTRIBUTED BY (id) AS SELECT range AS id, range % 1000 AS k FROM range(200000)");
            }
            try (QueryExecutor client = cluster.processes().awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, 2,
                    Duration.ofMinutes(2), "SELECT count(*) FROM big")) {
                try (QueryResult result = client.execute("EXPLAIN " + JOIN, QueryOptions.DEFAULT)) {
                    assertThat(Answer.of(result.schema().getFields(), result.batches()).rows())
                            .as("the planner distributes the join").extracting(row -> row.get(1)).contains("WORKERS");
                }
                try (QueryResult result = client.execute(JOIN, QueryOptions.DEFAULT)) {
                    assertThat(result.summary().location()).isEqualTo(ExecutionLocation.SERVER);
                    assertThat(result.summary().serverCause()).isEqualTo(ServerRunCause.QUERY_MEMORY);
                    assertThat(result.summary().reason()).contains("--max-query-memory");
                    assertThat(Answer.of(result.schema().getFields(), result.batches()).rows())
                            .extracting(row -> row.stream().map(String::valueOf).toList())
                            .containsExactly(List.of("200000", "19999900000"));
                }
                try (QueryResult result = client.execute("SELECT k % 10 AS kind, count(*) AS n FROM big GROUP BY k % 10",
                        QueryOptions.DEFAULT)) {
                    assertThat(result.summary().location()).as("partial aggregates fit").isEqualTo(ExecutionLocation.DISTRIBUTED);
                    assertThat(result.rowCount()).isEqualTo(10);
                }
            }
        }
    }
}
