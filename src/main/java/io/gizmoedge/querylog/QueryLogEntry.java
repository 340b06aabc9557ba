package io.gizmoedge.querylog;

import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.protocol.ServerRunCause;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished statement in the query log. It holds no SQL text: statements can carry credentials.
 *
 * @param time when it finished
 * @param user who ran it
 * @param location where it ran
 * @param serverCause why it ran on the server; empty when workers ran it
 * @param reason the user-facing reason it ran on the server (location SERVER only; empty otherwise)
 * @param rows rows in the answer (0 where a planner test only planned it)
 * @param millis time it took, in milliseconds
 */
public record QueryLogEntry(Instant time, String user, ExecutionLocation location, Optional<ServerRunCause> serverCause,
        String reason, long rows, long millis) {
    public QueryLogEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(serverCause, "serverCause");
        reason = reason == null ? "" : reason;
        if (rows < 0 || millis < 0) {
            throw new IllegalArgumentException("rows and millis must not be negative");
        }
    }

    /** The entry of a statement {@code user} ran that finished at {@code time} with {@code summary}. */
    public static QueryLogEntry of(Instant time, String user, ExecutionSummary summary) {
        String reason = summary.location() == ExecutionLocation.SERVER ? summary.reason() : "";
        return new QueryLogEntry(time, user, summary.location(), Optional.ofNullable(summary.serverCause()), reason,
                summary.rowCount(), summary.elapsedMillis());
    }

    /** True when it ran on the server rather than on the workers. */
    public boolean ranOnServer() {
        return serverCause.isPresent();
    }
}
