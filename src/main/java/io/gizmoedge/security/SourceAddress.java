package io.gizmoedge.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * Where a login comes from, as the unit that throttling and per-source limits count: an IPv4
 * address, or the /64 network of an IPv6 address (one host usually holds a whole /64, so counting
 * single IPv6 addresses would let it change address at every attempt).
 *
 * @param key the address ({@code 192.0.2.7}) or network ({@code 2001:db8:0:1:0:0:0:0/64}) as text
 */
public record SourceAddress(String key) {
    /** The source of a peer whose address is not known (a Unix socket, a test). */
    public static final SourceAddress UNKNOWN = new SourceAddress("unknown");

    public SourceAddress {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a source address key must not be empty");
        }
    }

    public static SourceAddress of(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] network = address.getAddress();
            for (int i = 8; i < network.length; i++) {
                network[i] = 0;
            }
            try {
                return new SourceAddress(InetAddress.getByAddress(network).getHostAddress() + "/64");
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("16 bytes are always an IPv6 address", e);
            }
        }
        return new SourceAddress(address.getHostAddress());
    }

    /** The source of a connection's remote end; {@link #UNKNOWN} when it is not an IP socket. */
    public static SourceAddress of(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return of(inet.getAddress());
        }
        return UNKNOWN;
    }

    @Override
    public String toString() {
        return key;
    }
}
