package io.gizmoedge.client;

import io.gizmoedge.engine.ArrowFrameDecoder;
import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.protocol.MalformedMessageException;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.security.PemKeyStores;
import io.gizmoedge.transport.BasicCredentials;
import io.gizmoedge.transport.FrameSender;
import io.gizmoedge.transport.KeepAlive;
import io.gizmoedge.transport.TlsContexts;
import io.gizmoedge.transport.WebSocketConnector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The client's connection to the server's /client endpoint. One statement at a time: the
 * answer's Arrow frames are collected until the server says the query completed or failed.
 */
public final class WebSocketQueryExecutor implements QueryExecutor {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final MessageCodec codec = new MessageCodec();
    private final BufferAllocator allocator = new RootAllocator();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicLong requestIds = new AtomicLong();
    /** The request whose answer is awaited, 0 when none. */
    private volatile long running;
    private final WebSocketConnector connector;
    private final Session session;
    private final FrameSender sender;
    private final KeepAlive keepAlive;
    private final long maxMessageBytes;

    /** What the listener hands to the waiting caller. */
    private sealed interface Event permits Text, Arrow, Closed {
    }

    private record Text(Message message) implements Event {
    }

    private record Arrow(long requestId, byte[] payload) implements Event {
    }

    private record Closed(String reason) implements Event {
    }

    public WebSocketQueryExecutor(ConnectionSettings settings) throws IOException {
        Optional<KeyStore> roots = PemKeyStores.trustStoreIfGiven(Optional.ofNullable(settings.tlsRootsFile()));
        this.connector = new WebSocketConnector(settings.useTls(), TlsContexts.client(roots, settings.tlsVerify()),
                settings.maxMessageBytes(), IDLE_TIMEOUT, "client-websocket");
        try {
            this.session = connector.connect(new Listener(), settings.serverHostname(), settings.serverPort(), "/client",
                    new BasicCredentials(settings.username(), settings.password()));
        } catch (IOException | RuntimeException e) {
            connector.close();
            allocator.close();
            throw e;
        }
        this.sender = new FrameSender(session, codec);
        this.maxMessageBytes = settings.maxMessageBytes();
        this.keepAlive = new KeepAlive(session, IDLE_TIMEOUT);
    }

    @Override
    public synchronized QueryResult execute(String sql, QueryOptions options) throws QueryFailedException, IOException {
        long requestId = requestIds.incrementAndGet();
        running = requestId;
        try {
            sender.send(new Message.Query(requestId, sql, options));
            return awaitAnswer(requestId);
        } finally {
            running = 0;
        }
    }

    @Override
    public void cancelRunning() {
        long requestId = running;
        if (requestId != 0) {
            sender.sendQuietly(new Message.CancelQuery(requestId));
        }
    }

    /**
     * Sends Import, waits for ImportReady, streams the rows as ARROW frames (each written before the
     * next is encoded, so at most one is in flight), then ImportEnd and waits for the answer. A
     * failure the server reports while rows are being sent stops the sending (ImportCancel tells the
     * server the client heard it); rows that cannot be read cancel the import, and the server's
     * answer to the cancel is awaited so that the next statement starts clean.
     */
    @Override
    public synchronized QueryResult importRows(String table, Optional<String> placement, ImportRows rows)
            throws QueryFailedException, IOException {
        long requestId = requestIds.incrementAndGet();
        sender.send(new Message.Import(requestId, table, placement.orElse(null)));
        long maxPayloadBytes = Math.min(awaitImportReady(requestId), maxMessageBytes) - BinaryFrame.HEADER_BYTES;
        long sent;
        try {
            sent = rows.writeTo(maxPayloadBytes, payload -> {
                throwIfImportStopped(requestId);
                sender.sendBinary(BinaryFrame.Kind.ARROW, requestId, payload);
            });
        } catch (ImportStoppedByServer e) {
            sender.send(new Message.ImportCancel(requestId, "the client heard that the server stopped the import"));
            throw new QueryFailedException(e.getMessage());
        } catch (QueryFailedException e) {
            cancel(requestId, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            cancel(requestId, "the client failed: " + ErrorMessages.describe(e));
            throw e;
        }
        sender.send(new Message.ImportEnd(requestId, sent));
        return awaitAnswer(requestId);
    }

    /** Cancels an import whose rows the client could not send, and waits for the server's answer to it. */
    private void cancel(long requestId, String reason) throws IOException {
        sender.send(new Message.ImportCancel(requestId, reason));
        try (QueryResult ignored = awaitAnswer(requestId)) {
            throw new IOException("the server completed an import the client cancelled");
        } catch (QueryFailedException expected) {
            // the server's answer to the cancel; the caller tells the user why the client cancelled
        }
    }

    /** The server stopped an import while its rows were being sent; the message is the server's. */
    private static final class ImportStoppedByServer extends IOException {
        private static final long serialVersionUID = 1L;

        ImportStoppedByServer(String message) {
            super(message);
        }
    }

    /** Waits for ImportReady and returns the largest message the server accepts. */
    private long awaitImportReady(long requestId) throws QueryFailedException, IOException {
        while (true) {
            Event event = take();
            if (event instanceof Text text) {
                if (text.message() instanceof Message.ImportReady ready && ready.requestId() == requestId) {
                    return ready.maxMessageBytes();
                }
                throwIfFailed(text.message(), requestId);
            }
        }
    }

    /** Throws when the server has already answered the import (a failure) or the connection closed. */
    private void throwIfImportStopped(long requestId) throws IOException {
        for (Event event = events.poll(); event != null; event = events.poll()) {
            if (event instanceof Closed closed) {
                events.add(closed);
                throw new IOException("the connection to the server closed: " + closed.reason());
            }
            if (event instanceof Text text && text.message() instanceof Message.QueryFailed failed
                    && (failed.requestId() == requestId || failed.requestId() == 0)) {
                throw new ImportStoppedByServer(failed.message());
            }
        }
    }

    /** Collects the Arrow frames of {@code requestId} until the server completes or fails it. */
    private QueryResult awaitAnswer(long requestId) throws QueryFailedException, IOException {
        List<VectorSchemaRoot> batches = new ArrayList<>();
        try {
            while (true) {
                Event event = take();
                if (event instanceof Arrow arrow) {
                    if (arrow.requestId() == requestId) {
                        batches.add(ArrowFrameDecoder.decode(arrow.payload(), allocator));
                    }
                    continue;
                }
                Message message = ((Text) event).message();
                if (message instanceof Message.QueryComplete complete && complete.requestId() == requestId) {
                    return result(batches, complete.summary());
                }
                throwIfFailed(message, requestId);
            }
        } catch (QueryFailedException | IOException | RuntimeException e) {
            batches.forEach(VectorSchemaRoot::close);
            throw e;
        }
    }

    private static void throwIfFailed(Message message, long requestId) throws QueryFailedException {
        if (message instanceof Message.QueryFailed failed && (failed.requestId() == requestId || failed.requestId() == 0)) {
            throw new QueryFailedException(failed.message());
        }
    }

    /** The next event; a closed connection is thrown (and stays queued for the next caller). */
    private Event take() throws IOException {
        Event event;
        try {
            event = events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the answer", e);
        }
        if (event instanceof Closed closed) {
            events.add(closed);
            throw new IOException("the connection to the server closed: " + closed.reason());
        }
        return event;
    }

    private QueryResult result(List<VectorSchemaRoot> batches, ExecutionSummary summary) throws IOException {
        if (batches.isEmpty()) {
            throw new IOException("the server completed the query without sending its schema");
        }
        return new QueryResult(batches.get(0).getSchema(), batches, summary);
    }

    /** Public because Jetty calls the listener through method handles. */
    public final class Listener implements Session.Listener.AutoDemanding {
        @Override
        public void onWebSocketText(String text) {
            try {
                events.add(new Text(codec.decode(text)));
            } catch (MalformedMessageException e) {
                events.add(new Text(new Message.QueryFailed(0, "the server sent something unreadable: " + e.getMessage())));
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer buffer, Callback callback) {
            try {
                BinaryFrame frame = BinaryFrame.decode(buffer);
                if (frame.kind() == BinaryFrame.Kind.ARROW) {
                    events.add(new Arrow(frame.id(), frame.payloadBytes()));
                }
            } catch (MalformedMessageException ignored) {
                // a broken frame fails the query when its completion never matches
            } finally {
                callback.succeed();
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            events.add(new Closed(reason == null || reason.isEmpty() ? "status " + statusCode : reason));
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // a failed connect is reported by WebSocketConnector, a lost connection by onWebSocketClose
        }
    }

    @Override
    public void close() {
        keepAlive.close();
        session.close();
        connector.close();
        allocator.close();
    }
}
