package io.gizmoedge.planner;

/** The query cannot run at all (syntax error, not a query, unknown table); the message is one user-facing line. */
public final class QueryRefusedException extends Exception {
    public QueryRefusedException(String message) {
        super(message);
    }
}
