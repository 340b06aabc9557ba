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
    private final WebSocketConnector connector;
    private final Session session;
    private final FrameSender sender;
    private final KeepAlive keepAlive;

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
        this.keepAlive = new KeepAlive(session, IDLE_TIMEOUT);
    }

    @Override
    public synchronized QueryResult execute(String sql, QueryOptions options) throws QueryFailedException, IOException {
        long requestId = requestIds.incrementAndGet();
        sender.send(new Message.Query(requestId, sql, options));
        List<VectorSchemaRoot> batches = new ArrayList<>();
        try {
            while (true) {
                Event event = events.take();
                if (event instanceof Closed closed) {
                    events.add(closed);
                    throw new IOException("the connection to the server closed: " + closed.reason());
                }
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
                if (message instanceof Message.QueryFailed failed
                        && (failed.requestId() == requestId || failed.requestId() == 0)) {
                    throw new QueryFailedException(failed.message());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the answer", e);
        } catch (QueryFailedException | IOException | RuntimeException e) {
            batches.forEach(VectorSchemaRoot::close);
            throw e;
        }
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
