package io.gizmoedge.worker;

import io.gizmoedge.engine.HashPartitioning;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.transport.ConnectionFailedException;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one divided stage's parts go: each part with a {@link Message.PeerTarget} straight to that
 * worker (this worker's own part into its stage inputs), the others through the server. A part
 * whose worker cannot be reached before its first row goes through the server instead; once rows
 * went directly, losing the connection fails the stage ({@link PeerLostException}), because the
 * rows in flight may or may not have arrived.
 */
final class DirectParts implements HashPartitioning.PartSink {
    private static final Logger LOG = LoggerFactory.getLogger(DirectParts.class);

    private final Map<Integer, Message.PeerTarget> targets = new HashMap<>();
    private final Peers peers;
    private final HashPartitioning.PartSink throughServer;
    private final Set<Integer> viaServer = new HashSet<>();
    /** The connection each part's rows went on; read without the lock by {@link #abort}. */
    private final Map<Integer, PeerOutbound> sending = new ConcurrentHashMap<>();

    DirectParts(List<Message.PeerTarget> targets, Peers peers, HashPartitioning.PartSink throughServer) {
        targets.forEach(target -> this.targets.put(target.part(), target));
        this.peers = peers;
        this.throughServer = throughServer;
    }

    @Override
    public synchronized void accept(int part, byte[] payload) throws IOException {
        Message.PeerTarget target = targets.get(part);
        if (target == null || viaServer.contains(part)) {
            throughServer.accept(part, payload);
            return;
        }
        if (peers.isHere(target)) {
            peers.deliverHere(target, payload);
            return;
        }
        PeerOutbound connection = sending.get(part);
        if (connection == null) {
            try {
                connection = peers.connection(target.peer());
            } catch (ConnectionFailedException e) {
                LOG.warn("cannot reach the worker at {} ({}); its part of the rows goes through the server",
                        target.peer().address(), e.getMessage());
                viaServer.add(part);
                throughServer.accept(part, payload);
                return;
            }
            sending.put(part, connection);
        }
        try {
            connection.send(target.requestId(), target.input(), payload);
        } catch (IOException e) {
            throw new PeerLostException(target.peer(), e);
        }
    }

    /** Closes the connections this stage sends on (it was stopped): a send waiting for a stalled worker fails. */
    void abort() {
        // not synchronized: a send holding the lock may be the one waiting for the stalled worker
        List.copyOf(sending.values()).forEach(PeerOutbound::close);
    }

    /** Returns once every worker sent rows directly holds all of them. */
    synchronized void finish() throws PeerLostException {
        // one flush per connection: parts that go to one worker share its connection
        Map<PeerOutbound, Message.PeerTarget> flushed = new HashMap<>();
        sending.forEach((part, connection) -> flushed.putIfAbsent(connection, targets.get(part)));
        for (Map.Entry<PeerOutbound, Message.PeerTarget> connection : flushed.entrySet()) {
            try {
                connection.getKey().flush();
            } catch (IOException e) {
                throw new PeerLostException(connection.getValue().peer(), e);
            }
        }
    }
}
