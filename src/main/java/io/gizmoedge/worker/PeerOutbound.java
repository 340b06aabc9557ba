package io.gizmoedge.worker;

import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.MalformedMessageException;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.protocol.PeerEndpoint;
import io.gizmoedge.transport.FrameSender;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's connection to another worker's {@link PeerListener}: sends STAGE_INPUT frames,
 * waiting while the other side takes them (back-pressure), and flushes: a flush returns once the
 * other worker holds every frame sent before it. Public because Jetty calls the listener through
 * method handles.
 */
public final class PeerOutbound implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(PeerOutbound.class);

    private final MessageCodec codec;
    private final PeerEndpoint peer;
    private final Duration timeout;
    private final AtomicLong flushIds = new AtomicLong();
    private final Map<Long, CompletableFuture<Void>> flushes = new ConcurrentHashMap<>();
    private volatile FrameSender sender;
    private volatile Session session;
    private volatile String closedBecause;

    PeerOutbound(MessageCodec codec, PeerEndpoint peer, Duration timeout) {
        this.codec = codec;
        this.peer = peer;
        this.timeout = timeout;
    }

    boolean isOpen() {
        Session current = session;
        return current != null && current.isOpen() && closedBecause == null;
    }

    /** Sends one Arrow payload of input {@code input} of the other worker's reserved stage {@code requestId}. */
    void send(long requestId, String input, byte[] payload) throws IOException {
        FrameSender current = sender;
        if (current == null || !isOpen()) {
            throw new IOException("the connection to " + peer.address() + " is closed");
        }
        current.sendFrame(BinaryFrame.encodeStageInput(requestId, input, payload));
    }

    /** Returns once the other worker holds every frame sent so far. */
    void flush() throws IOException {
        long id = flushIds.incrementAndGet();
        CompletableFuture<Void> flushed = new CompletableFuture<>();
        flushes.put(id, flushed);
        try {
            FrameSender current = sender;
            if (current == null || !isOpen()) {
                throw new IOException("the connection to " + peer.address() + " is closed");
            }
            current.send(new Message.PeerFlush(id));
            flushed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + peer.address(), e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new IOException(peer.address() + " did not confirm the rows within " + timeout.toSeconds() + " s", e);
        } finally {
            flushes.remove(id);
        }
    }

    /** Drops the connection at once (a graceful close would queue behind frames a stalled worker does not take); pending flushes fail. */
    void close() {
        Session current = session;
        if (current != null) {
            current.disconnect();
        }
        failFlushes("the connection to " + peer.address() + " was closed");
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        this.sender = new FrameSender(session, codec, timeout);
    }

    @Override
    public void onWebSocketText(String text) {
        try {
            Message message = codec.decode(text);
            if (message instanceof Message.PeerFlushed flushed) {
                CompletableFuture<Void> waiting = flushes.get(flushed.flushId());
                if (waiting != null) {
                    waiting.complete(null);
                }
            } else if (message instanceof Message.ProtocolError error) {
                LOG.warn("{} reports: {}", peer.address(), error.message());
            }
        } catch (MalformedMessageException e) {
            LOG.warn("{} sent a malformed message: {}", peer.address(), e.getMessage());
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        failFlushes("the connection to " + peer.address() + " closed (" + statusCode + ")");
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("peer connection to {}: {}", peer.address(), cause.toString());
        failFlushes("the connection to " + peer.address() + " failed: " + cause.getMessage());
    }

    private void failFlushes(String reason) {
        closedBecause = reason;
        flushes.values().forEach(flush -> flush.completeExceptionally(new IOException(reason)));
    }
}
