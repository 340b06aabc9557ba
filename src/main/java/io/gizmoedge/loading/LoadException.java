package io.gizmoedge.loading;

/** A data statement that cannot be carried out; the message is one line for the user, and nothing changed. */
public final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public LoadException(String message) {
        super(message);
    }

    public LoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
