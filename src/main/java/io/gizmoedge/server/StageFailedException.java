package io.gizmoedge.server;

/** A worker reported that its stage failed; the message is the worker's, for the user. */
final class StageFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    StageFailedException(String message) {
        super(message);
    }
}
