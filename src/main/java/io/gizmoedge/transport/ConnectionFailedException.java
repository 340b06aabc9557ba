package io.gizmoedge.transport;

import java.io.IOException;

/** A connection to the server could not be opened; the message says why and what to do. */
public final class ConnectionFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean refusedByServer;

    public ConnectionFailedException(String message, Throwable cause, boolean refusedByServer) {
        super(message, cause);
        this.refusedByServer = refusedByServer;
    }

    /** True when the server answered and refused (bad credentials, wrong role): retrying will not help. */
    public boolean refusedByServer() {
        return refusedByServer;
    }
}
