package io.gizmoedge.worker;

import io.gizmoedge.engine.HashPartitioning;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.protocol.PeerEndpoint;
import io.gizmoedge.transport.BasicCredentials;
import io.gizmoedge.transport.ConnectionFailedException;
import io.gizmoedge.transport.WebSocketConnector;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Direct transfer of moved rows between workers: this worker's {@link PeerListener} when it was
 * started with {@code --advertise-address}, its connections to other workers' listeners, and the
 * peer secret the server gave it (which it checks on connections to its listener and presents on
 * its own).
 */
final class Peers implements AutoCloseable {
    private final MessageCodec codec;
    private final StageInputs inputs;
    private final long maxMessageBytes;
    private final Duration timeout;
    private final Optional<PeerListener> listener;
    private final PeerCertificates certificates = new PeerCertificates();
    private final Map<PeerEndpoint, PeerOutbound> connections = new ConcurrentHashMap<>();
    /** Peers that could not be reached, until when they are not tried again (System.nanoTime). */
    private final Map<PeerEndpoint, Long> unreachableUntil = new ConcurrentHashMap<>();
    private volatile String secret;
    private WebSocketConnector connector;

    /** Listens on {@code advertised}'s port and advertises it, when given. */
    Peers(Optional<AdvertisedAddress> advertised, StageInputs inputs, MessageCodec codec, long maxMessageBytes,
            Duration timeout) throws IOException {
        this.codec = codec;
        this.inputs = inputs;
        this.maxMessageBytes = maxMessageBytes;
        this.timeout = timeout;
        this.listener = advertised.isEmpty() ? Optional.empty() : Optional.of(new PeerListener(advertised.get().host(),
                advertised.get().port(), inputs, codec, () -> Optional.ofNullable(secret), maxMessageBytes, timeout));
    }

    /** Where other workers can send this one rows, when it listens. */
    Optional<PeerEndpoint> endpoint() {
        return listener.map(PeerListener::endpoint);
    }

    /** The peer secret of the server this worker serves now. */
    void accept(Message.PeerSecret message) {
        if (!message.secret().equals(secret)) {
            connections.values().forEach(PeerOutbound::close); // another server's workers
            connections.clear();
        }
        secret = message.secret();
    }

    /**
     * The sink of a divided stage's rows: each part with a target goes to its worker directly (this
     * worker's own part into its {@link StageInputs}), the others to {@code throughServer}.
     */
    DirectParts parts(List<Message.PeerTarget> targets, HashPartitioning.PartSink throughServer) {
        return new DirectParts(targets, this, throughServer);
    }

    /** Adds rows for this worker's own reserved stage, as if they had arrived. */
    void deliverHere(Message.PeerTarget target, byte[] payload) {
        inputs.add(target.requestId(), target.input(), payload);
    }

    /** Whether {@code target} is this worker. */
    boolean isHere(Message.PeerTarget target) {
        return endpoint().filter(target.peer()::equals).isPresent();
    }

    /** An open connection to {@code peer}: the one kept from earlier stages, or a new one. */
    PeerOutbound connection(PeerEndpoint peer) throws ConnectionFailedException {
        PeerOutbound open = connections.get(peer);
        if (open != null && open.isOpen()) {
            return open;
        }
        String current = secret;
        if (current == null) {
            throw new ConnectionFailedException("the server has not given this worker the peer secret", null, false);
        }
        Long until = unreachableUntil.get(peer);
        if (until != null && System.nanoTime() - until < 0) {
            throw new ConnectionFailedException("it could not be reached a moment ago", null, false);
        }
        certificates.trust(peer.certificateSha256());
        PeerOutbound connection = new PeerOutbound(codec, peer, timeout);
        try {
            connector().connect(connection, peer.host(), peer.port(), PeerListener.PATH,
                    new BasicCredentials(PeerListener.USER, current));
        } catch (ConnectionFailedException e) {
            // a stage does not wait for a connection that failed a moment ago (an address that times out)
            unreachableUntil.put(peer, System.nanoTime() + timeout.toNanos());
            throw e;
        }
        unreachableUntil.remove(peer);
        connections.put(peer, connection);
        return connection;
    }

    private synchronized WebSocketConnector connector() throws ConnectionFailedException {
        if (connector == null) {
            SslContextFactory.Client tls = new SslContextFactory.Client();
            tls.setSslContext(certificates.clientContext());
            try {
                connector = new WebSocketConnector(true, tls, maxMessageBytes, timeout, "peer-websocket",
                        "the other worker's --advertise-address");
            } catch (IOException e) {
                throw new ConnectionFailedException(e.getMessage(), e, false);
            }
        }
        return connector;
    }

    @Override
    public synchronized void close() {
        connections.values().forEach(PeerOutbound::close);
        connections.clear();
        if (connector != null) {
            connector.close();
        }
        listener.ifPresent(PeerListener::close);
    }
}
