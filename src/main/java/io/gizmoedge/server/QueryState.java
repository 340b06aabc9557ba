package io.gizmoedge.server;

import java.util.Locale;

/** Where a query is in its life, as {@code gizmo.queries} shows it. */
public enum QueryState {
    RUNNING, FINISHED, FAILED, CANCELLED;

    /** The name shown in SQL: {@code running}, {@code finished}, {@code failed} or {@code cancelled}. */
    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
