package io.gizmoedge.protocol;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a worker started with {@code --advertise-address} takes rows from other workers: a TLS
 * WebSocket at {@code host:port}, presenting the certificate whose DER encoding has SHA-256
 * {@code certificateSha256} (64 lower-case hex digits). The worker makes the certificate when it
 * starts and tells the server in its hello; a connecting worker trusts that certificate only.
 */
public record PeerEndpoint(String host, int port, String certificateSha256) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public PeerEndpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("a peer host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a peer port must be between 1 and 65535, not " + port);
        }
        Objects.requireNonNull(certificateSha256, "certificateSha256");
        certificateSha256 = certificateSha256.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(certificateSha256).matches()) {
            throw new IllegalArgumentException("a certificate's SHA-256 is 64 hex digits");
        }
    }

    /** {@code host:port}, for messages. */
    public String address() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
