package io.gizmoedge.client;

/** The server refused or failed a statement; the message is one line for the user. */
public final class QueryFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public QueryFailedException(String message) {
        super(message);
    }
}
