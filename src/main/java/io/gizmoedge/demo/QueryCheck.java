package io.gizmoedge.demo;

import io.gizmoedge.protocol.ExecutionSummary;
import java.util.Optional;

/**
 * One query run through the cluster and compared with single-node DuckDB.
 *
 * @param summary how the cluster ran it (empty when it failed)
 * @param difference empty when the answers are equal; otherwise what differs or the error
 */
public record QueryCheck(String name, Optional<ExecutionSummary> summary, long rows, long millis,
        Optional<String> difference) {

    public boolean matches() {
        return difference.isEmpty();
    }

    public String where() {
        if (summary.isEmpty()) {
            return "failed";
        }
        ExecutionSummary s = summary.get();
        return switch (s.location()) {
            case DISTRIBUTED -> s.shards() == 0 ? "on " + s.workers() + " worker (replicated tables)"
                    : "distributed over " + s.shards() + " shards (" + s.workers() + (s.workers() == 1 ? " worker)" : " workers)");
            case SERVER -> "server: " + s.reason();
            case RAW -> "raw on " + s.workers() + " workers";
            case PARTIAL -> "partial on " + s.workers() + " workers";
            case CATALOG -> s.reason();
        };
    }
}
