package io.gizmoedge.planner;

import java.util.Objects;

/**
 * Run {@code sql}, the original text unchanged, on the server's full database.
 *
 * @param reason one user-facing sentence telling why the query was not distributed
 */
public record ServerPlan(String sql, String reason) implements QueryPlan {
    public ServerPlan {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String summary() {
        return "runs on the server: " + reason;
    }
}
