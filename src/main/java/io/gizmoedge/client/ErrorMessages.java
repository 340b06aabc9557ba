package io.gizmoedge.client;

/** Wording of failures that are not the server's own messages. */
public final class ErrorMessages {
    private ErrorMessages() {
    }

    /** The connection to the server broke while a statement ran. */
    public static String connectionLost(Exception e) {
        return "the connection to the server failed (" + describe(e)
                + "); check that the server is running, then reconnect";
    }

    /** A bug or an unexpected condition in the client. */
    public static String unexpected(RuntimeException e) {
        return "unexpected client error (" + describe(e) + "); please report it with the statement that caused it";
    }

    /** The exception's message, or its type when it has none. */
    public static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
