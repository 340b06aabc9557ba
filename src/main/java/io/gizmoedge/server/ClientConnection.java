package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.protocol.MalformedMessageException;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.transport.FrameSender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's end of one client's WebSocket. Statements run on the query executor, one at a
 * time per connection in arrival order; a failing statement answers with one error line and
 * leaves the connection usable.
 *
 * <p>The connection demands each frame explicitly (it is not auto-demanding): text messages are
 * handled at once and the next frame demanded, but an import's ARROW frames are demanded only as
 * the import takes them ({@link ClientImport}), which bounds what a client can make the server hold.
 */
public final class ClientConnection implements Session.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

    private final MessageCodec codec;
    private final QueryCoordinator coordinator;
    private final ClientImport.Services imports;
    private final ExecutorService queries;
    private final SessionRegistry sessions;
    private final Caller caller;
    private final Duration writeTimeout;
    private final Object queryOrder = new Object();
    /** Statements submitted and not yet answered, by request id: what cancel_query and a disconnect stop. */
    private final Map<Long, Cancellation> statements = new ConcurrentHashMap<>();
    private volatile Session session;
    private volatile FrameSender sender;
    /** The import whose frames are arriving, until its ImportEnd, ImportCancel, or its refusal before ImportReady. */
    private volatile ClientImport receiving;
    /** This client in the server's session registry, from the socket's opening until it closes. */
    private volatile SessionRegistry.ClientSession registered;

    ClientConnection(MessageCodec codec, QueryCoordinator coordinator, ClientImport.Services imports,
            ExecutorService queries, SessionRegistry sessions, Caller caller, Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
        this.sessions = sessions;
        this.caller = caller;
        this.codec = codec;
        this.coordinator = coordinator;
        this.imports = imports;
        this.queries = queries;
    }

    /** The work of one statement: its answer's payloads go to the sink. */
    @FunctionalInterface
    private interface Work {
        ExecutionSummary run(PayloadSink sink, Cancellation cancellation) throws QueryFailure, IOException;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        sender = new FrameSender(session, codec, writeTimeout);
        registered = sessions.open(caller, String.valueOf(session.getRemoteSocketAddress()), "websocket");
        LOG.info("client '{}' connected from {}", caller.user(), session.getRemoteSocketAddress());
        demand();
    }

    /** Asks for the next frame; on a connection that has closed there is none to ask for. */
    private void demand() {
        try {
            session.demand();
        } catch (IllegalStateException e) {
            LOG.debug("client '{}': no further frame to demand ({})", caller.user(), e.getMessage());
        }
    }

    @Override
    public void onWebSocketText(String text) {
        try {
            handle(text);
        } finally {
            demand();
        }
    }

    private void handle(String text) {
        Message message;
        try {
            message = codec.decode(text);
        } catch (MalformedMessageException e) {
            sender.sendQuietly(new Message.QueryFailed(0, e.getMessage()));
            return;
        }
        ClientImport current = receiving;
        if (message instanceof Message.ImportEnd end && current != null && end.requestId() == current.requestId()) {
            receiving = null;
            current.offerEnd(end.rowCount());
        } else if (message instanceof Message.ImportCancel cancel && current != null
                && cancel.requestId() == current.requestId()) {
            receiving = null;
            current.offerCancel(cancel.message());
        } else if (current != null) {
            receiving = null;
            current.offerCancel("the client sent " + message.getClass().getSimpleName() + " before the import ended");
            sender.sendQuietly(new Message.QueryFailed(0, "unexpected message " + message.getClass().getSimpleName()
                    + " during import " + current.requestId() + "; end an import with import_end or import_cancel"));
        } else if (message instanceof Message.CancelQuery cancel) {
            Cancellation statement = statements.get(cancel.requestId());
            if (statement != null) {
                statement.cancel("query cancelled");
            }
        } else if (message instanceof Message.Query query) {
            submit(query.requestId(), () -> run(query.requestId(), "query",
                    (sink, cancellation) -> runQuery(query, sink, cancellation),
                    () -> { }));
        } else if (message instanceof Message.Import request) {
            ClientImport upload = new ClientImport(request, imports, this::demand);
            receiving = upload;
            submit(request.requestId(), () -> runImport(upload));
        } else {
            sender.sendQuietly(new Message.QueryFailed(0, "unexpected message " + message.getClass().getSimpleName()
                    + " on /client; send query or import messages"));
        }
    }

    private void submit(long requestId, Runnable statement) {
        if (statements.putIfAbsent(requestId, new Cancellation()) != null) {
            sender.sendQuietly(new Message.QueryFailed(requestId, "request " + requestId
                    + " is still running; give each statement its own request id"));
            return;
        }
        try {
            queries.execute(statement);
        } catch (RejectedExecutionException e) {
            statements.remove(requestId);
            sender.sendQuietly(new Message.QueryFailed(requestId, "the server is shutting down"));
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        ClientImport current = receiving;
        try {
            BinaryFrame frame = BinaryFrame.decode(payload);
            if (current != null && frame.kind() == BinaryFrame.Kind.ARROW && frame.id() == current.requestId()) {
                current.offerPayload(frame.payloadBytes()); // the import demands the next frame as it takes this one
                return;
            }
            sender.sendQuietly(new Message.QueryFailed(0, "clients send binary frames only during an import"));
        } catch (MalformedMessageException e) {
            sender.sendQuietly(new Message.QueryFailed(0, e.getMessage()));
        } finally {
            callback.succeed();
        }
        demand();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        ClientImport current = receiving;
        if (current != null) {
            receiving = null;
            current.offerClosed();
        }
        statements.values().forEach(statement -> statement.cancel("the client disconnected"));
        SessionRegistry.ClientSession session = registered;
        if (session != null) {
            session.close();
        }
        LOG.info("client '{}' disconnected", caller.user());
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("client '{}' connection error: {}", caller.user(), cause.toString());
    }

    /** Runs a query, registered (with its cancellation) in the server's registry while it runs. */
    private ExecutionSummary runQuery(Message.Query query, PayloadSink sink, Cancellation cancellation)
            throws QueryFailure, IOException {
        return coordinator.executeInSession(registered, query.sql(), query.options(), sink, cancellation);
    }

    private void runImport(ClientImport upload) {
        run(upload.requestId(), "import", (sink, cancellation) -> upload.run(caller.role(), sender, sink), () -> {
            if (!upload.readySent() && receiving == upload) {
                receiving = null; // refused before any frame was asked for: the client ends nothing
            }
        });
    }

    /** Runs {@code work} and answers; {@code beforeAnswer} runs just before the last message is sent. */
    private void run(long requestId, String kind, Work work, Runnable beforeAnswer) {
        synchronized (queryOrder) {
            Cancellation cancellation = statements.get(requestId);
            try {
                ExecutionSummary summary;
                try {
                    if (cancellation.isCancelled()) {
                        throw new QueryFailure(cancellation.reason().orElseThrow());
                    }
                    summary = work.run(payload -> sender.sendBinary(BinaryFrame.Kind.ARROW, requestId, payload), cancellation);
                } finally {
                    statements.remove(requestId);
                    beforeAnswer.run();
                }
                sender.send(new Message.QueryComplete(requestId, summary));
                LOG.info("{} {} of '{}': {} rows, {} ms, {}", kind, requestId, caller.user(), summary.rowCount(),
                        summary.elapsedMillis(), summary.describe());
            } catch (QueryFailure e) {
                LOG.info("{} {} of '{}' failed: {}", kind, requestId, caller.user(), e.getMessage());
                sender.sendQuietly(new Message.QueryFailed(requestId, e.getMessage()));
            } catch (IOException e) {
                LOG.info("could not answer {} {} of '{}': {}", kind, requestId, caller.user(), e.getMessage());
                sender.sendQuietly(new Message.QueryFailed(requestId, "sending the answer failed: " + e.getMessage()));
            } catch (RuntimeException | Error e) { // a StackOverflowError included
                // whatever happens, the client gets an answer and the connection stays usable
                LOG.error("{} {} of '{}' hit an internal error", kind, requestId, caller.user(), e);
                sender.sendQuietly(new Message.QueryFailed(requestId, QueryFailure.INTERNAL_ERROR));
            }
        }
    }
}
