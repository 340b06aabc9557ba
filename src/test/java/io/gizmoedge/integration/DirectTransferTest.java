package io.gizmoedge.integration;

import static io.gizmoedge.integration.EmptyCatalogCluster.rows;
import static io.gizmoedge.integration.EmptyCatalogCluster.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.protocol.QueryOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Workers started with {@code --advertise-address} send the rows a repartitioned join moves straight
 * to each other: the answer is exact and the server receives only the final partial rows. A worker
 * that advertises an address the others cannot reach gets its part through the server instead.
 * Real server and worker processes, TLS everywhere.
 */
class DirectTransferTest {
    private static final int ROWS = 200_000;
    private static final int KEYS = 50_021;
    private static final String JOIN = "SELECT count(*) AS n, sum(a.id) AS ids FROM moved a JOIN moved b ON a.k = b.k";
    /** Both sides of the join through the server: 2 × 200,000 rows of two BIGINTs, at least 6 MB. */
    private static final long THROUGH_SERVER_BYTES = 2L * ROWS * 16;

    @Test
    void rowsMoveStraightBetweenWorkersThatAdvertiseAnAddress() throws Exception {
        ExecutionSummary summary = joinWith("direct-transfer", "127.0.0.1", "127.0.0.1", "127.0.0.1");
        assertThat(summary.bytesFromWorkers()).as("only the final partial rows pass the server: " + summary.describe())
                .isLessThan(100_000);
    }

    @Test
    void aWorkerTheOthersCannotReachGetsItsPartThroughTheServer() throws Exception {
        ExecutionSummary summary = joinWith("direct-transfer-fallback", "127.0.0.1", "127.0.0.1", "unreachable.invalid");
        assertThat(summary.bytesFromWorkers()).as("the unreachable worker's part passed the server: " + summary.describe())
                .isGreaterThan(THROUGH_SERVER_BYTES / 3 / 2).isLessThan(THROUGH_SERVER_BYTES);
    }

    /** Runs the join on three workers advertising {@code addresses}; asserts the answer and returns its summary. */
    private static ExecutionSummary joinWith(String name, String... addresses) throws Exception {
        try (EmptyCatalogCluster cluster = EmptyCatalogCluster.start(name, addresses.length, 0, (imports, duckdb) -> { },
                "--join-broadcast-rows", "0")) {
            for (String address : addresses) {
                cluster.processes().startWorker("--advertise-address", address);
            }
            try (QueryExecutor admin = cluster.connectAdmin()) {
                run(admin, "CREATE TABLE moved DISTRIBUTED BY (id) AS SELECT range AS id, range % " + KEYS
                        + " AS k FROM range(" + ROWS + ")");
            }
            try (QueryExecutor client = cluster.processes().awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD,
                    addresses.length, Duration.ofMinutes(2), "SELECT count(*) FROM moved")) {
                assertThat(rows(client, "EXPLAIN " + JOIN)).as("the plan moves both sides by the join key")
                        .filteredOn(row -> String.valueOf(row.get(2)).startsWith("REPARTITION BY hash("))
                        .isNotEmpty();
                try (QueryResult result = client.execute(JOIN, QueryOptions.DEFAULT)) {
                    ExecutionSummary summary = result.summary();
                    assertThat(summary.location()).as(summary.describe()).isEqualTo(ExecutionLocation.DISTRIBUTED);
                    assertThat(summary.workers()).isEqualTo(addresses.length);
                    List<List<String>> answer = io.gizmoedge.demo.Answer.of(result.schema().getFields(), result.batches())
                            .rows().stream().map(row -> row.stream().map(String::valueOf).toList()).toList();
                    assertThat(answer).containsExactly(ModuloSelfJoin.expected(ROWS, KEYS));
                    return summary;
                }
            }
        }
    }
}
