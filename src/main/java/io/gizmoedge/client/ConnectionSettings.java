package io.gizmoedge.client;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the client reaches and authenticates with the server.
 *
 * @param serverHostname host name or address of the server
 * @param serverPort TCP port of the server (1..65535)
 * @param useTls whether to connect with TLS ({@code wss:})
 * @param tlsRootsFile PEM file with the certificates to trust; null trusts the JDK's default roots
 * @param tlsVerify whether to verify the server's certificate and host name
 * @param username the user to authenticate as
 * @param password the user's password (never printed by {@link #toString()})
 * @param maxMessageBytes largest WebSocket message the client accepts, in bytes
 */
public record ConnectionSettings(
        String serverHostname,
        int serverPort,
        boolean useTls,
        Path tlsRootsFile,
        boolean tlsVerify,
        String username,
        String password,
        long maxMessageBytes) {

    public ConnectionSettings {
        Objects.requireNonNull(serverHostname, "serverHostname");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (serverHostname.isBlank()) {
            throw new IllegalArgumentException("the server host name must not be empty; pass --server-hostname");
        }
        if (serverPort < 1 || serverPort > 65_535) {
            throw new IllegalArgumentException(
                    "the server port must be between 1 and 65535, not " + serverPort + "; pass --server-port");
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("the maximum WebSocket message size must be positive, not "
                    + maxMessageBytes + "; pass --max-websocket-message-size");
        }
    }

    /** The WebSocket address of the server's client endpoint, e.g. {@code wss://localhost:8765/client}. */
    public String clientEndpoint() {
        return (useTls ? "wss" : "ws") + "://" + serverHostname + ":" + serverPort + "/client";
    }

    /** One line for the user, without the password. */
    public String describe() {
        String tls;
        if (!useTls) {
            tls = "TLS off";
        } else if (!tlsVerify) {
            tls = "TLS without certificate verification";
        } else {
            tls = "TLS trusting " + (tlsRootsFile == null ? "the JDK's default roots" : tlsRootsFile.toString());
        }
        return clientEndpoint() + " as " + username + " (" + tls + ")";
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + describe() + ", maxMessageBytes=" + maxMessageBytes + ", password=***]";
    }
}
