package io.gizmoedge.flight;

/** A statement failed; the message is one line for the user (no Java exception text, no server paths). */
public final class StatementFailedException extends Exception {
    public StatementFailedException(String message) {
        super(message);
    }
}
