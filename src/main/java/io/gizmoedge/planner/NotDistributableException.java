package io.gizmoedge.planner;

/**
 * Internal signal: this part of the plan cannot be distributed; the message is the user-facing
 * reason the planner puts into a {@link ServerPlan}.
 */
final class NotDistributableException extends Exception {
    NotDistributableException(String reason) {
        super(reason);
    }

    /** The reason for a query nested deeper than the planner follows (its stack or its nesting limit). */
    static NotDistributableException tooDeeplyNested() {
        return new NotDistributableException("the query is nested too deeply for the planner");
    }

    String reason() {
        return getMessage();
    }
}
