package io.gizmoedge.worker;

import io.gizmoedge.protocol.PeerEndpoint;
import java.io.IOException;

/** Rows sent directly to another worker may not have arrived: the connection to it failed. */
final class PeerLostException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient PeerEndpoint peer;

    PeerLostException(PeerEndpoint peer, IOException cause) {
        super("lost the connection to the worker at " + peer.address() + " while sending it rows: " + cause.getMessage(),
                cause);
        this.peer = peer;
    }

    PeerEndpoint peer() {
        return peer;
    }
}
