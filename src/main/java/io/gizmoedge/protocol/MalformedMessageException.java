package io.gizmoedge.protocol;

/** A frame that does not follow the protocol. */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
