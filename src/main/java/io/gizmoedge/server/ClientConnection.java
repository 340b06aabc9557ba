package io.gizmoedge.server;

import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.protocol.MalformedMessageException;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.transport.FrameSender;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 */
public final class ClientConnection implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

    private final MessageCodec codec;
    private final QueryCoordinator coordinator;
    private final ExecutorService queries;
    private final String user;
    private final io.gizmoedge.security.Role role;
    private final Object queryOrder = new Object();
    private volatile FrameSender sender;

    ClientConnection(MessageCodec codec, QueryCoordinator coordinator, ExecutorService queries, String user,
            io.gizmoedge.security.Role role) {
        this.role = role;
        this.codec = codec;
        this.coordinator = coordinator;
        this.queries = queries;
        this.user = user;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        sender = new FrameSender(session, codec);
        LOG.info("client '{}' connected from {}", user, session.getRemoteSocketAddress());
    }

    @Override
    public void onWebSocketText(String text) {
        Message message;
        try {
            message = codec.decode(text);
        } catch (MalformedMessageException e) {
            sender.sendQuietly(new Message.QueryFailed(0, e.getMessage()));
            return;
        }
        if (!(message instanceof Message.Query query)) {
            sender.sendQuietly(new Message.QueryFailed(0,
                    "unexpected message " + message.getClass().getSimpleName() + " on /client; send query messages"));
            return;
        }
        try {
            queries.execute(() -> run(query));
        } catch (RejectedExecutionException e) {
            sender.sendQuietly(new Message.QueryFailed(query.requestId(), "the server is shutting down"));
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        sender.sendQuietly(new Message.QueryFailed(0, "clients do not send binary frames"));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        LOG.info("client '{}' disconnected", user);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("client '{}' connection error: {}", user, cause.toString());
    }

    private void run(Message.Query query) {
        synchronized (queryOrder) {
            long requestId = query.requestId();
            try {
                ExecutionSummary summary = coordinator.execute(query.sql(), query.options(), role,
                        payload -> sender.sendBinary(BinaryFrame.Kind.ARROW, requestId, payload));
                sender.send(new Message.QueryComplete(requestId, summary));
                LOG.info("query {} of '{}': {} rows, {} ms, {}", requestId, user, summary.rowCount(),
                        summary.elapsedMillis(), summary.describe());
            } catch (QueryFailure e) {
                LOG.info("query {} of '{}' failed: {}", requestId, user, e.getMessage());
                sender.sendQuietly(new Message.QueryFailed(requestId, e.getMessage()));
            } catch (IOException e) {
                LOG.info("could not answer query {} of '{}': {}", requestId, user, e.getMessage());
                sender.sendQuietly(new Message.QueryFailed(requestId, "sending the answer failed: " + e.getMessage()));
            } catch (RuntimeException | Error e) {
                // whatever happens, the client gets an answer and the connection stays usable
                LOG.error("query {} of '{}' hit an internal error", requestId, user, e);
                sender.sendQuietly(new Message.QueryFailed(requestId,
                        "the server could not run this statement because of an internal error; the server log has the details"));
            }
        }
    }
}
