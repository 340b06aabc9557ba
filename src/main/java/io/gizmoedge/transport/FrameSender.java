package io.gizmoedge.transport;

import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Sends frames on one WebSocket session, one at a time, waiting until each is written. Waiting
 * gives back-pressure (a fast producer cannot queue a whole result in memory) and keeps the
 * frames of one sender in order. Never call it from a Jetty I/O callback.
 */
public final class FrameSender {
    private static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(120);

    private final Session session;
    private final MessageCodec codec;
    private final Duration sendTimeout;
    /** The peer's address, kept while the session is open: a closed session no longer knows it. */
    private final String peer;

    public FrameSender(Session session, MessageCodec codec) {
        this(session, codec, DEFAULT_SEND_TIMEOUT);
    }

    /**
     * A sender that gives up on a peer which takes longer than {@code sendTimeout} to take one
     * frame: it drops the connection, so that a peer that stopped reading holds nothing for long.
     */
    public FrameSender(Session session, MessageCodec codec, Duration sendTimeout) {
        this.session = session;
        this.codec = codec;
        this.sendTimeout = sendTimeout;
        this.peer = session.getRemoteSocketAddress() == null ? "the peer" : session.getRemoteSocketAddress().toString();
    }

    public void send(Message message) throws IOException {
        String text = codec.encode(message);
        sendAndWait(callback -> session.sendText(text, callback));
    }

    public void sendBinary(BinaryFrame.Kind kind, long id, byte[] payload) throws IOException {
        sendBinary(kind, id, payload, 0, payload.length);
    }

    public void sendBinary(BinaryFrame.Kind kind, long id, byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer frame = BinaryFrame.encode(kind, id, bytes, offset, length);
        sendAndWait(callback -> session.sendBinary(frame, callback));
    }

    /** Sends a binary frame encoded by {@link BinaryFrame}. */
    public void sendFrame(ByteBuffer frame) throws IOException {
        sendAndWait(callback -> session.sendBinary(frame, callback));
    }

    /**
     * Queues {@code message} behind the frames already sent and returns without waiting until it is
     * written; {@code onFailure} learns when writing it fails. For a short message whose sender has
     * other work to start (a stage for the next worker) and learns of the outcome anyway.
     */
    public synchronized void sendWithoutWaiting(Message message, java.util.function.Consumer<Throwable> onFailure) {
        if (!session.isOpen()) {
            onFailure.accept(new IOException("the connection to " + peer + " is closed"));
            return;
        }
        session.sendText(codec.encode(message), Callback.from(() -> { }, onFailure));
    }

    /**
     * Queues binary frame {@code frame} (encoded by {@link BinaryFrame}) and returns without waiting;
     * the future completes when it is written, or fails. Frames queued this way by one caller are
     * written in order; they may interleave with other callers' frames. For a thread that must not
     * block (a Jetty I/O callback passing rows on from one connection to another).
     */
    public CompletableFuture<Void> sendFrameWithoutWaiting(ByteBuffer frame) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (!session.isOpen()) {
            written.completeExceptionally(new IOException("the connection to " + peer + " is closed"));
        } else {
            session.sendBinary(frame, Callback.from(() -> written.complete(null), written::completeExceptionally));
        }
        return written;
    }

    /** Sends without waiting and ignores failures; for last words on a connection that is closing. */
    public void sendQuietly(Message message) {
        try {
            session.sendText(codec.encode(message), Callback.NOOP);
        } catch (RuntimeException ignored) {
            // the connection is already gone
        }
    }

    private synchronized void sendAndWait(java.util.function.Consumer<Callback> write) throws IOException {
        if (!session.isOpen()) {
            throw new IOException("the connection to " + peer + " is closed");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        write.accept(Callback.from(() -> done.complete(null), done::completeExceptionally));
        try {
            done.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        } catch (ExecutionException e) {
            throw new IOException("sending to " + peer + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            session.disconnect();
            throw new IOException(peer + " took nothing for " + sendTimeout.toSeconds() + " s; its connection was dropped", e);
        }
    }
}
