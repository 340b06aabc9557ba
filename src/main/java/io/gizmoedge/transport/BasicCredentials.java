package io.gizmoedge.transport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** User name and password carried in an HTTP {@code Authorization: Basic} header during the WebSocket upgrade. */
public record BasicCredentials(String username, String password) {
    private static final String PREFIX = "Basic ";

    public BasicCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.contains(":")) {
            throw new IllegalArgumentException("user name must be non-empty and must not contain ':'");
        }
    }

    public String headerValue() {
        String pair = username + ":" + password;
        return PREFIX + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a header value; empty when it is absent or not well-formed Basic credentials. */
    public static Optional<BasicCredentials> parse(String headerValue) {
        if (headerValue == null || !headerValue.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        try {
            String pair = new String(Base64.getDecoder().decode(headerValue.substring(PREFIX.length()).trim()),
                    StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            return Optional.of(new BasicCredentials(pair.substring(0, colon), pair.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "BasicCredentials[username=" + username + ", password=***]";
    }
}
