package io.gizmoedge.worker;

/**
 * The address given with {@code --advertise-address}: a host other workers reach this worker at and
 * the port it listens on for them (0: any free port, advertised once taken).
 */
public record AdvertisedAddress(String host, int port) {
    public AdvertisedAddress {
        if (host == null || host.isBlank() || host.contains("/")) {
            throw new IllegalArgumentException("--advertise-address needs a host name or address, not '" + host + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port of --advertise-address must be between 0 and 65535, not " + port);
        }
    }

    /** {@code HOST}, {@code HOST:PORT} or {@code [IPV6]:PORT}; without a port, any free one. */
    public static AdvertisedAddress parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("--advertise-address: unclosed [ in '" + value + "'");
            }
            String rest = value.substring(close + 1);
            return new AdvertisedAddress(value.substring(1, close), rest.isEmpty() ? 0 : port(rest.substring(1), value));
        }
        int colon = value.lastIndexOf(':');
        if (colon < 0 || value.indexOf(':') != colon) {
            return new AdvertisedAddress(value, 0);
        }
        return new AdvertisedAddress(value.substring(0, colon), port(value.substring(colon + 1), value));
    }

    private static int port(String digits, String value) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--advertise-address: '" + value + "' has no port number after ':'");
        }
    }
}
