package io.gizmoedge.server;

import java.time.Instant;
import java.util.Objects;

/**
 * One client session as {@code gizmo.sessions} shows it.
 *
 * @param transport how the client connected, such as {@code websocket}
 * @param runningQueries the session's queries running when the snapshot was taken
 */
public record SessionInfo(long id, Caller caller, String remoteAddress, String transport, Instant connectedAt,
        int runningQueries) {
    public SessionInfo {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(connectedAt, "connectedAt");
        if (id < 1 || runningQueries < 0) {
            throw new IllegalArgumentException("session ids are positive and query counts not negative");
        }
    }
}
