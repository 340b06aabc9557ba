package io.gizmoedge.bench;

import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reports with made-up figures for rendering tests. */
final class Reports {
    static final MachineDescription MACHINE = new MachineDescription(2, 8L * 1024 * 1024 * 1024, "Test CPU",
            "17.0.1 (Test VM)", "Linux 6.1 amd64", 0.5);

    private Reports() {
    }

    static BenchmarkOptions options(List<Integer> queries) {
        return new BenchmarkOptions(1, 4, 2, 3, 2, 2, Path.of("bench"), queries, Path.of("bench/report.md"));
    }

    static QueryMeasurement distributed(String query, List<Double> cluster, List<Double> single) {
        return new QueryMeasurement(query, cluster, single, List.of(40.0, 41.0, 42.0),
                Optional.of(new ExecutionSummary(ExecutionLocation.DISTRIBUTED, 2, 4, "", 4, 41, 0, 0)),
                Optional.empty(), Optional.empty(), ServerMetrics.UNKNOWN);
    }

    static QueryMeasurement onServer(String query, String reason, List<Double> cluster, List<Double> single) {
        return new QueryMeasurement(query, cluster, single, List.of(90.0),
                Optional.of(new ExecutionSummary(ExecutionLocation.SERVER, 0, 0, reason, 10, 90, 0, 0,
                        io.gizmoedge.protocol.ServerRunCause.PLANNER)),
                Optional.empty(), Optional.empty(), ServerMetrics.UNKNOWN);
    }

    static QueryMeasurement differing(String query, String difference) {
        return new QueryMeasurement(query, List.of(20.0), List.of(10.0), List.of(18.0),
                Optional.of(new ExecutionSummary(ExecutionLocation.DISTRIBUTED, 2, 4, "", 3, 18, 0, 0)),
                Optional.of(difference), Optional.empty(), ServerMetrics.UNKNOWN);
    }

    /** q01 ratio 2, q02 ratio 0.5 on the server, q03 failed on the cluster. */
    static BenchmarkReport sample() {
        return new BenchmarkReport(options(List.of(1, 2, 3)), MACHINE, "v2.0.0", Instant.parse("2025-01-02T03:04:05Z"),
                List.of(distributed("q01", List.of(100.0, 120.0, 110.0), List.of(50.0, 60.0, 55.0)),
                        onServer("q02", "correlated subquery, a, b", List.of(30.0), List.of(60.0)),
                        QueryMeasurement.failed("q03", List.of(12.0), "worker lost\nsecond line")));
    }
}
