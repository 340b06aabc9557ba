package io.gizmoedge.bench;

import io.gizmoedge.protocol.ExecutionSummary;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** Figures only the server knows, from its {@link ExecutionSummary}: time spent planning and bytes received from workers. */
public record ServerMetrics(Optional<Double> planningMillis, OptionalLong bytesFromWorkers) {
    public static final ServerMetrics UNKNOWN = new ServerMetrics(Optional.empty(), OptionalLong.empty());

    public ServerMetrics {
        Objects.requireNonNull(planningMillis, "planningMillis");
        Objects.requireNonNull(bytesFromWorkers, "bytesFromWorkers");
    }

    /** What {@code summary} tells about planning and data movement. */
    public static ServerMetrics from(ExecutionSummary summary) {
        Objects.requireNonNull(summary, "summary");
        return new ServerMetrics(Optional.of((double) summary.planningMillis()), OptionalLong.of(summary.bytesFromWorkers()));
    }
}
