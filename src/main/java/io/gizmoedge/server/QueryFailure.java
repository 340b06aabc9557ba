package io.gizmoedge.server;

/** A query failed in a way the user should be told about in one line. */
final class QueryFailure extends Exception {
    private static final long serialVersionUID = 1L;
    /** The one line a client gets when a statement hit a fault of the server's own (logged with its details). */
    static final String INTERNAL_ERROR =
            "the server could not run this statement because of an internal error; the server log has the details";

    QueryFailure(String message) {
        super(message);
    }

    QueryFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
