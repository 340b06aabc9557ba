package io.gizmoedge.flight;

import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.security.Role;
import java.util.Objects;

/**
 * One logged-in Flight SQL client: who it is and its session options.
 *
 * @param id identifies the session in the server (not secret; the bearer token is)
 * @param user the account's name
 * @param role the account's role (client or admin)
 * @param options the options its queries run with ({@code gizmo.distributed})
 */
public record FlightSession(String id, String user, Role role, QueryOptions options) {
    public FlightSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(options, "options");
    }

    public FlightSession withOptions(QueryOptions next) {
        return new FlightSession(id, user, role, next);
    }
}
