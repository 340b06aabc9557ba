package io.gizmoedge.worker;

import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.protocol.PeerEndpoint;
import io.gizmoedge.security.PemKeyStores;
import io.gizmoedge.security.SelfSignedCertificate;
import io.gizmoedge.security.TlsCertificateGenerator;
import io.gizmoedge.transport.BasicCredentials;
import io.gizmoedge.transport.PendingUpgradeLimit;
import io.gizmoedge.transport.Refusal;
import io.gizmoedge.transport.TlsContexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where other workers send this worker their parts of moved rows directly: a TLS WebSocket on
 * {@code /peer}, on every interface at the advertised port, presenting a certificate the worker
 * makes when it starts (the server tells the senders its SHA-256). A connection is upgraded only
 * with HTTP Basic credentials {@value #USER} and the peer secret the server gave this worker; at most
 * 64 connections wait to do so at a time, 16 from one address, each for 10 s at most.
 */
final class PeerListener implements AutoCloseable {
    static final String USER = "peer";
    static final String PATH = "/peer";
    /** Connections that have not yet upgraded, at a time (a quarter of them from one address at most). */
    private static final int MAX_PENDING = 64;
    private static final Duration PENDING_DEADLINE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(PeerListener.class);

    private final Server jetty;
    private final PeerEndpoint endpoint;

    /**
     * Starts listening on {@code port} (0: any free port) and advertises {@code host} with the port
     * taken; {@code secret} gives the current peer secret, empty until the server sent one.
     */
    PeerListener(String host, int port, StageInputs inputs, MessageCodec codec, Supplier<Optional<String>> secret,
            long maxMessageBytes, Duration idleTimeout) throws IOException {
        // named by the advertised host, so that a connecting worker checks the name besides the pinned certificate
        boolean address = host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        SelfSignedCertificate certificate = new TlsCertificateGenerator(TlsCertificateGenerator.DEFAULT_COMMON_NAME,
                address ? List.of() : List.of(host), address ? List.of(host) : List.of(),
                TlsCertificateGenerator.DEFAULT_VALIDITY, Clock.systemUTC()).generate();
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("peer-listener");
        threads.setDaemon(true);
        jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.addCustomizer(new SecureRequestCustomizer(false));
        HttpConnectionFactory plain = new HttpConnectionFactory(http);
        SslConnectionFactory tls = new SslConnectionFactory(TlsContexts.server(certificate.toTlsMaterial().keyStore(),
                new String(PemKeyStores.inMemoryKeyPassword())), plain.getProtocol());
        ServerConnector connector = new ServerConnector(jetty, tls, plain);
        connector.setPort(port);
        // a port open to the network: connections that do not present the secret soon are closed
        connector.addEventListener(new PendingUpgradeLimit(MAX_PENDING, MAX_PENDING / 4, PENDING_DEADLINE,
                connector.getScheduler(), "a worker's fixed limit for peers"));
        jetty.addConnector(connector);
        jetty.setHandler(WebSocketUpgradeHandler.from(jetty, container -> {
            container.setMaxBinaryMessageSize(maxMessageBytes);
            container.setMaxTextMessageSize(maxMessageBytes);
            container.setIdleTimeout(idleTimeout);
            container.addMapping(PATH, (request, response, callback) -> {
                String remote = String.valueOf(request.getConnectionMetaData().getRemoteSocketAddress());
                Optional<String> expected = secret.get();
                Optional<BasicCredentials> credentials =
                        BasicCredentials.parse(request.getHeaders().get(HttpHeader.AUTHORIZATION));
                if (expected.isEmpty()) {
                    Refusal.send(response, callback, 503, "this worker has not joined a server yet");
                    return null;
                }
                if (credentials.isEmpty() || !credentials.get().username().equals(USER)
                        || !MessageDigest.isEqual(credentials.get().password().getBytes(StandardCharsets.UTF_8),
                                expected.get().getBytes(StandardCharsets.UTF_8))) {
                    LOG.warn("refused a peer connection from {}: not the peer secret of this worker's server", remote);
                    Refusal.send(response, callback, 401, "not the peer secret of this worker's server");
                    return null;
                }
                return new PeerInbound(codec, inputs, remote);
            });
        }));
        try {
            jetty.start();
        } catch (Exception e) {
            close();
            throw new IOException("cannot listen for other workers on port " + port + ": " + e.getMessage(), e);
        }
        endpoint = new PeerEndpoint(host, connector.getLocalPort(),
                PeerCertificates.sha256(certificate.certificate()));
        LOG.info("other workers can send rows to {}", endpoint.address());
    }

    /** Where other workers reach this one, and the certificate it presents. */
    PeerEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.debug("stopping the peer listener: {}", e.toString());
        }
    }
}
