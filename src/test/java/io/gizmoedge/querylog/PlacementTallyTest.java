package io.gizmoedge.querylog;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.protocol.ServerRunCause;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTallyTest {
    private static final Instant NOW = Instant.parse("2026-12-01T21:00:00Z");

    @Test
    void separatesWhatRanOnTheServerByNatureFromWhatTheClusterCouldHaveRun() {
        PlacementTally tally = PlacementTally.of(List.of(
                distributed(), distributed(), distributed(), distributed(), distributed(), distributed(),
                onServer(ServerRunCause.CLUSTER_STATE, "it reads the cluster's state"),
                onServer(ServerRunCause.EXPLAIN, "EXPLAIN shows the plan without running it"),
                QueryLogEntry.of(NOW, "admin", new ExecutionSummary(ExecutionLocation.CATALOG, 0, 0, "created t", 0, 3, 0, 0)),
                onServer(ServerRunCause.PLANNER, "the planner cannot split aggregate mode"),
                onServer(ServerRunCause.PLANNER, "the planner cannot split aggregate mode"),
                onServer(ServerRunCause.NO_WORKERS, "shard 2 is not served")), 1);

        assertThat(tally.total()).isEqualTo(12);
        assertThat(tally.onServer()).isEqualTo(6);
        assertThat(tally.onServerAvoidably()).isEqualTo(3);
        assertThat(tally.serverShare()).isEqualTo(0.5);
        assertThat(tally.avoidableServerShare()).isEqualTo(0.25);
        assertThat(tally.byCause()).containsExactlyInAnyOrderEntriesOf(Map.of(ServerRunCause.CLUSTER_STATE, 1L,
                ServerRunCause.EXPLAIN, 1L, ServerRunCause.DATA_STATEMENT, 1L, ServerRunCause.PLANNER, 2L,
                ServerRunCause.NO_WORKERS, 1L));
        assertThat(tally.avoidableByReason()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PLANNER: the planner cannot split aggregate mode", 2L, "NO_WORKERS: shard 2 is not served", 1L));

        String report = new PlacementReport().markdown("Placement", tally);
        assertThat(report).contains("- statements: 12", "- on the server: 6 (50.0 %)",
                "- on the server although their nature does not need it: 3 (25.0 %)", "| PLANNER | no | 2 |",
                "| DATA_STATEMENT | yes | 1 |", "- 2 × PLANNER: the planner cannot split aggregate mode",
                "- log lines that were no entry: 1");
        assertThat(report.indexOf("2 × PLANNER")).isLessThan(report.indexOf("1 × NO_WORKERS"));
    }

    @Test
    void nothingLoggedIsAShareOfZero() {
        PlacementTally tally = PlacementTally.of(List.of(), 0);
        assertThat(tally.serverShare()).isZero();
        assertThat(new PlacementReport().markdown("Placement", tally)).contains("- on the server: 0 (0.0 %)")
                .doesNotContain("| cause", "per reason");
    }

    @Test
    void onlyTheLimitsOfTheClusterAreNotTheStatementsNature() {
        assertThat(List.of(ServerRunCause.values()).stream().filter(cause -> !cause.byNature()))
                .containsExactly(ServerRunCause.PLANNER, ServerRunCause.NO_WORKERS, ServerRunCause.WORKER_LOST,
                        ServerRunCause.QUERY_MEMORY);
    }

    private static QueryLogEntry distributed() {
        return QueryLogEntry.of(NOW, "scott", new ExecutionSummary(ExecutionLocation.DISTRIBUTED, 2, 4, "", 5, 9, 1, 100));
    }

    private static QueryLogEntry onServer(ServerRunCause cause, String reason) {
        return QueryLogEntry.of(NOW, "scott", new ExecutionSummary(ExecutionLocation.SERVER, 0, 0, reason, 1, 4, 1, 0, cause));
    }
}
