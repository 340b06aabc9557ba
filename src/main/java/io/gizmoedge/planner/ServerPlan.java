package io.gizmoedge.planner;

import java.util.Objects;
import java.util.Set;

/**
 * Run {@code sql}, the original text unchanged, on the server's full database.
 *
 * @param reason one user-facing sentence telling why the query was not distributed
 * @param clusterStateTables the tables of schema {@code gizmo} ({@link ClusterStateTables}) the
 *     query reads, which the server fills before running it; empty for a query over data only
 */
public record ServerPlan(String sql, String reason, Set<String> clusterStateTables) implements QueryPlan {
    public ServerPlan {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(reason, "reason");
        clusterStateTables = Set.copyOf(clusterStateTables);
        for (String table : clusterStateTables) {
            if (ClusterStateTables.table(table).isEmpty()) {
                throw new IllegalArgumentException("gizmo." + table + " is no table of the cluster's state");
            }
        }
    }

    /** A query over data only. */
    public ServerPlan(String sql, String reason) {
        this(sql, reason, Set.of());
    }

    @Override
    public String summary() {
        return "runs on the server: " + reason;
    }
}
