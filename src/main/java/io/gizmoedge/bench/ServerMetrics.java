package io.gizmoedge.bench;

import io.gizmoedge.protocol.ExecutionSummary;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Figures only the server knows: time spent planning and bytes received from workers. The
 * server's {@link ExecutionSummary} does not carry them yet, so {@link #from} gives "unknown"
 * and the report shows n/a; fill them in here once the summary reports them.
 */
public record ServerMetrics(Optional<Double> planningMillis, OptionalLong bytesFromWorkers) {
    public static final ServerMetrics UNKNOWN = new ServerMetrics(Optional.empty(), OptionalLong.empty());

    public ServerMetrics {
        Objects.requireNonNull(planningMillis, "planningMillis");
        Objects.requireNonNull(bytesFromWorkers, "bytesFromWorkers");
    }

    /** What {@code summary} tells about planning and data movement: nothing, today. */
    public static ServerMetrics from(ExecutionSummary summary) {
        Objects.requireNonNull(summary, "summary");
        return UNKNOWN;
    }
}
