package io.gizmoedge.planner;

/**
 * Internal signal: this part of the plan cannot be distributed; the message is the user-facing
 * reason the planner puts into a {@link ServerPlan}.
 */
final class NotDistributableException extends Exception {
    NotDistributableException(String reason) {
        super(reason);
    }

    String reason() {
        return getMessage();
    }
}
