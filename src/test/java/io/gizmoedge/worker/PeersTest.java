package io.gizmoedge.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.engine.HashPartitioning;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.protocol.PeerEndpoint;
import io.gizmoedge.transport.ConnectionFailedException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two workers' {@link Peers} in one JVM over real TLS WebSockets on loopback: rows sent directly
 * arrive in the receiving worker's stage inputs before the flush returns; a wrong secret or a
 * certificate other than the one the server named is refused.
 */
class PeersTest {
    private static final MessageCodec CODEC = new MessageCodec();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static StageInputs heldInMemory() {
        return new StageInputs(() -> new ReceivedInputs(Long.MAX_VALUE, () -> {
            throw new SQLException("no database in this test");
        }, null));
    }

    @Test
    void rowsSentDirectlyAreHeldByTheReceivingStageOnceFlushed() throws Exception {
        StageInputs received = heldInMemory();
        try (Peers receiver = new Peers(Optional.of(new AdvertisedAddress("127.0.0.1", 0)), received, CODEC, 1 << 20, TIMEOUT);
                Peers sender = new Peers(Optional.empty(), heldInMemory(), CODEC, 1 << 20, TIMEOUT)) {
            receiver.accept(new Message.PeerSecret("secret"));
            sender.accept(new Message.PeerSecret("secret"));
            PeerEndpoint endpoint = receiver.endpoint().orElseThrow();
            List<Integer> viaServer = new ArrayList<>();
            HashPartitioning.PartSink server = (part, payload) -> viaServer.add(part);
            DirectParts parts = sender.parts(List.of(new Message.PeerTarget(1, endpoint, 42, "moved")), server);
            parts.accept(1, new byte[] {1, 2, 3});
            parts.accept(1, new byte[] {4});
            parts.accept(0, new byte[] {5});
            parts.finish();

            assertThat(viaServer).as("the part without a target").containsExactly(0);
            try (ReceivedInputs inputs = received.take(42).orElseThrow()) {
                assertThat(inputs.held("moved").orElseThrow().payloads()).hasSize(2);
            }
        }
    }

    @Test
    void aWrongSecretOrAnotherCertificateIsRefused() throws Exception {
        try (Peers receiver = new Peers(Optional.of(new AdvertisedAddress("127.0.0.1", 0)), heldInMemory(), CODEC, 1 << 20,
                TIMEOUT);
                Peers sender = new Peers(Optional.empty(), heldInMemory(), CODEC, 1 << 20, TIMEOUT);
                Peers impostor = new Peers(Optional.empty(), heldInMemory(), CODEC, 1 << 20, TIMEOUT)) {
            receiver.accept(new Message.PeerSecret("secret"));
            sender.accept(new Message.PeerSecret("another server's secret"));
            PeerEndpoint endpoint = receiver.endpoint().orElseThrow();
            assertThatThrownBy(() -> sender.connection(endpoint)).isInstanceOf(ConnectionFailedException.class);

            impostor.accept(new Message.PeerSecret("secret"));
            PeerEndpoint otherCertificate = new PeerEndpoint(endpoint.host(), endpoint.port(), "0".repeat(64));
            assertThatThrownBy(() -> impostor.connection(otherCertificate)).isInstanceOf(ConnectionFailedException.class);
            assertThat(impostor.connection(endpoint).isOpen()).as("the right secret and certificate").isTrue();
        }
    }

    @Test
    void connectionsThatDoNotAuthenticateAreBoundedPerAddress() throws Exception {
        try (Peers receiver = new Peers(Optional.of(new AdvertisedAddress("127.0.0.1", 0)), heldInMemory(), CODEC, 1 << 20,
                TIMEOUT)) {
            PeerEndpoint endpoint = receiver.endpoint().orElseThrow();
            List<java.net.Socket> idle = new ArrayList<>();
            try {
                // the listener counts a connection once it has accepted it: open more until one is closed at once
                boolean refused = false;
                while (!refused && idle.size() < 32) {
                    java.net.Socket socket = new java.net.Socket(endpoint.host(), endpoint.port());
                    idle.add(socket);
                    socket.setSoTimeout(200);
                    try {
                        refused = socket.getInputStream().read() < 0;
                    } catch (java.net.SocketTimeoutException waiting) {
                        refused = false;
                    }
                }
                assertThat(refused).as("a connection beyond 16 waiting from one address is closed").isTrue();
                assertThat(idle.size()).as("connections opened until one was closed").isGreaterThan(16);
            } finally {
                for (java.net.Socket socket : idle) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void anAdvertisedAddressIsAHostAndAnOptionalPort() {
        assertThat(AdvertisedAddress.parse("10.0.0.7:9000")).isEqualTo(new AdvertisedAddress("10.0.0.7", 9000));
        assertThat(AdvertisedAddress.parse("worker-1.example")).isEqualTo(new AdvertisedAddress("worker-1.example", 0));
        assertThat(AdvertisedAddress.parse("[::1]:9000")).isEqualTo(new AdvertisedAddress("::1", 9000));
        assertThatThrownBy(() -> AdvertisedAddress.parse("host:port")).hasMessageContaining("no port number");
        assertThatThrownBy(() -> AdvertisedAddress.parse(":9000")).hasMessageContaining("needs a host");
        assertThatThrownBy(() -> AdvertisedAddress.parse("host:70000")).hasMessageContaining("between 0 and 65535");
    }
}
