package io.gizmoedge.server;

import io.gizmoedge.protocol.ExecutionSummary;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One query as {@code gizmo.queries} shows it: running, or one of the last finished ones.
 *
 * @param id the server-wide id (what {@code gizmo.cancel} takes), not the client's request id
 * @param elapsedMillis from its start to its end, or to the snapshot while it runs
 * @param summary how it ran, once it finished
 * @param error the user's line, once it failed or was cancelled
 */
public record QueryInfo(long id, long sessionId, String user, String sql, QueryState state, Instant startedAt,
        long elapsedMillis, Optional<ExecutionSummary> summary, Optional<String> error) {
    public QueryInfo {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(error, "error");
        if (id < 1 || elapsedMillis < 0) {
            throw new IllegalArgumentException("query ids are positive and durations not negative");
        }
        if (state == QueryState.FINISHED && summary.isEmpty()) {
            throw new IllegalArgumentException("a finished query has its summary");
        }
    }
}
