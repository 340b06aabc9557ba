package io.gizmoedge.server;

/** A query failed in a way the user should be told about in one line. */
public final class QueryFailure extends Exception {
    private static final long serialVersionUID = 1L;
    /** The one line a client gets when a statement hit a fault of the server's own (logged with its details). */
    static final String INTERNAL_ERROR =
            "the server could not run this statement because of an internal error; the server log has the details";

    public QueryFailure(String message) {
        super(message);
    }

    public QueryFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
