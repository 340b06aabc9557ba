package io.gizmoedge.server;

/** A worker disconnected, or changed its shards, while a stage was running on it. */
public final class WorkerLostException extends Exception {
    private static final long serialVersionUID = 1L;

    public WorkerLostException(String message) {
        super(message);
    }
}
