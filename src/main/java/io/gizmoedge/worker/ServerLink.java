package io.gizmoedge.worker;

import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.MalformedMessageException;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.transport.FrameSender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's end of one connection to the server: greets it, dispatches its messages to the
 * shard loader, the downloads and the stage runner, and adds the input tables of stages whose
 * frames arrive on this connection to the worker's {@link StageInputs}. Public because Jetty calls the listener through method
 * handles.
 */
public final class ServerLink implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLink.class);

    /** What the worker tells the server when it connects. */
    interface Greeting {
        Message.WorkerHello hello() throws IOException;
    }

    private final MessageCodec codec;
    private final Greeting greeting;
    private final ShardLoader loader;
    private final FileDownloads downloads;
    private final StageRunner stages;
    private final StageInputs stageInputs;
    private final Peers peers;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile FrameSender sender;

    ServerLink(MessageCodec codec, Greeting greeting, ShardLoader loader, FileDownloads downloads, StageRunner stages,
            StageInputs stageInputs, Peers peers) {
        this.codec = codec;
        this.greeting = greeting;
        this.loader = loader;
        this.downloads = downloads;
        this.stages = stages;
        this.stageInputs = stageInputs;
        this.peers = peers;
    }

    /** Waits until the connection closes. */
    void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Sends a heartbeat (from the heartbeat thread, never a Jetty callback). */
    void send(Message.WorkerHeartbeat heartbeat) throws IOException {
        FrameSender current = sender;
        if (current == null) {
            throw new IOException("not connected yet");
        }
        current.send(heartbeat);
    }

    @Override
    public void onWebSocketOpen(Session session) {
        sender = new FrameSender(session, codec);
        try {
            sender.send(greeting.hello());
        } catch (IOException e) {
            LOG.warn("could not greet the server: {}", e.getMessage());
            session.close();
        }
    }

    @Override
    public void onWebSocketText(String text) {
        Message message;
        try {
            message = codec.decode(text);
        } catch (MalformedMessageException e) {
            LOG.warn("the server sent a malformed message: {}", e.getMessage());
            return;
        }
        if (message instanceof Message.AssignShards assign) {
            loader.accept(assign, sender);
        } else if (message instanceof Message.FileComplete complete) {
            downloads.complete(complete.transferId(), complete.sizeBytes());
        } else if (message instanceof Message.FileFailed failed) {
            downloads.fail(failed.transferId(), failed.message());
        } else if (message instanceof Message.RunStage stage) {
            stages.start(stage, stageInputs.take(stage.requestId()).orElseGet(stages::receiveInputs), sender);
        } else if (message instanceof Message.CancelStage cancel) {
            stageInputs.drop(cancel.requestId());
            stages.cancel(cancel.requestId());
        } else if (message instanceof Message.PeerSecret secret) {
            peers.accept(secret);
        } else if (message instanceof Message.ProtocolError error) {
            LOG.warn("the server reports: {}", error.message());
        } else {
            LOG.warn("unexpected {} from the server", message.getClass().getSimpleName());
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer buffer, Callback callback) {
        try {
            BinaryFrame frame = BinaryFrame.decode(buffer);
            if (frame.kind() == BinaryFrame.Kind.FILE_CHUNK) {
                downloads.chunk(frame.id(), frame.payload());
            } else if (frame.kind() == BinaryFrame.Kind.STAGE_INPUT) {
                BinaryFrame.StageInputChunk chunk = frame.stageInput();
                stageInputs.add(frame.id(), chunk.tableName(), chunk.arrowPayload());
            }
        } catch (MalformedMessageException e) {
            LOG.warn("the server sent a malformed binary frame: {}", e.getMessage());
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        LOG.info("disconnected from the server ({} {})", statusCode, reason == null ? "" : reason);
        stageInputs.dropAll();
        closed.countDown();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("connection error: {}", cause.toString());
    }
}
