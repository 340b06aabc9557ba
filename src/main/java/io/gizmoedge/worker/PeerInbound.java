package io.gizmoedge.worker;

import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.MalformedMessageException;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.transport.FrameSender;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's end of a connection another worker opened to its {@link PeerListener}: STAGE_INPUT
 * frames go to the stages' inputs in the order they arrive, and a flush is answered once every
 * frame before it is held. Public because Jetty calls the listener through method handles.
 */
public final class PeerInbound implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(PeerInbound.class);

    private final MessageCodec codec;
    private final StageInputs inputs;
    private final String remote;
    private volatile FrameSender sender;

    PeerInbound(MessageCodec codec, StageInputs inputs, String remote) {
        this.codec = codec;
        this.inputs = inputs;
        this.remote = remote;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        sender = new FrameSender(session, codec);
        LOG.debug("a worker at {} connected to send rows", remote);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer buffer, Callback callback) {
        try {
            BinaryFrame frame = BinaryFrame.decode(buffer);
            BinaryFrame.StageInputChunk chunk = frame.stageInput();
            inputs.add(frame.id(), chunk.tableName(), chunk.arrowPayload());
        } catch (MalformedMessageException e) {
            LOG.warn("the worker at {} sent a malformed frame: {}", remote, e.getMessage());
            sender.sendQuietly(new Message.ProtocolError(e.getMessage()));
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketText(String text) {
        try {
            if (codec.decode(text) instanceof Message.PeerFlush flush) {
                // frames are handled in order, so every frame sent before the flush is held by now
                sender.sendQuietly(new Message.PeerFlushed(flush.flushId()));
            } else {
                sender.sendQuietly(new Message.ProtocolError("a worker's peer connection takes rows and flushes only"));
            }
        } catch (MalformedMessageException e) {
            LOG.warn("the worker at {} sent a malformed message: {}", remote, e.getMessage());
            sender.sendQuietly(new Message.ProtocolError(e.getMessage()));
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("peer connection from {}: {}", remote, cause.toString());
    }
}
