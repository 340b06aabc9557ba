package io.gizmoedge.server;

/** A query failed in a way the user should be told about in one line. */
final class QueryFailure extends Exception {
    private static final long serialVersionUID = 1L;

    QueryFailure(String message) {
        super(message);
    }

    QueryFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
