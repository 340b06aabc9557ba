package io.gizmoedge.server;

import io.gizmoedge.security.Role;
import java.util.Objects;

/**
 * The user a statement runs for, whatever the transport: what of the server's state they may see
 * and stop. An admin sees and stops every session's queries; other users only their own.
 */
public record Caller(String user, Role role) {
    public Caller {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        if (role == Role.WORKER) {
            throw new IllegalArgumentException("a worker account runs no statements");
        }
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** True when this caller may see and stop what {@code owner} runs. */
    public boolean mayAccess(String owner) {
        return isAdmin() || user.equals(owner);
    }
}
