package io.gizmoedge.server;

import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.engine.ArrowFrameEncoder;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.MalformedMessageException;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.transport.FrameSender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's end of one worker's WebSocket: receives the worker's hello, shard readiness and
 * stage results, serves the shard files it asks for, and runs stages on it.
 */
public final class WorkerConnection implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerConnection.class);

    private final MessageCodec codec;
    private final WorkerPool pool;
    private final ShardFileServer fileServer;
    private final ExecutorService background;
    private final String remoteDescription;
    private final Map<Long, StageCollector> stages = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private volatile FrameSender sender;
    private volatile String name;
    private volatile Set<String> cachedFiles = Set.of();

    WorkerConnection(MessageCodec codec, WorkerPool pool, ShardFileServer fileServer, ExecutorService background,
            String remoteDescription) {
        this.codec = codec;
        this.pool = pool;
        this.fileServer = fileServer;
        this.background = background;
        this.remoteDescription = remoteDescription;
        this.name = "worker@" + remoteDescription;
    }

    String name() {
        return name;
    }

    Set<String> cachedFiles() {
        return cachedFiles;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        sender = new FrameSender(session, codec);
        LOG.info("worker connected from {}", remoteDescription);
    }

    @Override
    public void onWebSocketText(String text) {
        Message message;
        try {
            message = codec.decode(text);
        } catch (MalformedMessageException e) {
            LOG.warn("{} sent a malformed message: {}", name, e.getMessage());
            sender.sendQuietly(new Message.ProtocolError(e.getMessage()));
            return;
        }
        if (message instanceof Message.WorkerHello hello) {
            name = hello.workerName() + "@" + remoteDescription;
            cachedFiles = Set.copyOf(hello.cachedFiles());
            LOG.info("{} says hello ({} cached shard files, {} threads)", name, cachedFiles.size(), hello.threads());
            pool.add(this);
        } else if (message instanceof Message.FetchFile fetch) {
            background.execute(() -> fileServer.send(fetch, sender));
        } else if (message instanceof Message.ShardsReady ready) {
            pool.shardsReady(this, ready.generation(), Set.copyOf(ready.shardIds()));
        } else if (message instanceof Message.ShardsFailed failed) {
            LOG.warn("{} could not load assignment {}: {}", name, failed.generation(), failed.message());
            pool.shardsFailed(this, failed.generation());
        } else if (message instanceof Message.StageComplete complete) {
            StageCollector collector = stages.remove(complete.requestId());
            if (collector != null) {
                collector.complete(complete.rowCount());
            }
        } else if (message instanceof Message.StageFailed failed) {
            failStage(failed.requestId(), new StageFailedException(failed.message()));
        } else if (message instanceof Message.ProtocolError error) {
            LOG.warn("{} reports a protocol error: {}", name, error.message());
        } else {
            LOG.warn("{} sent an unexpected {} message", name, message.getClass().getSimpleName());
            sender.sendQuietly(new Message.ProtocolError("unexpected message " + message.getClass().getSimpleName()));
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer buffer, Callback callback) {
        try {
            BinaryFrame frame = BinaryFrame.decode(buffer);
            StageCollector collector = frame.kind() == BinaryFrame.Kind.ARROW ? stages.get(frame.id()) : null;
            if (collector == null) {
                LOG.warn("{} sent a binary frame for unknown request {}", name, frame.id());
            } else {
                collector.accept(frame.payloadBytes());
            }
        } catch (MalformedMessageException e) {
            LOG.warn("{} sent a malformed binary frame: {}", name, e.getMessage());
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        LOG.info("{} disconnected ({} {})", name, statusCode, reason == null ? "" : reason);
        failPendingStages();
        pool.remove(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.warn("{} connection error: {}", name, cause.toString());
    }

    /** Tells the worker the catalog's tables and files and which bundles to serve from now on. */
    void assign(long generation, List<io.gizmoedge.catalog.TableDefinition> tables, List<ShardBundle> bundles,
            Set<String> catalogFiles) throws IOException {
        sender.send(new Message.AssignShards(generation, tables, bundles, catalogFiles));
    }

    /**
     * Runs {@code sql} over the worker's shards of {@code generation}, after sending it the input
     * tables. With a {@code forward} sink, every payload goes there as it arrives (on the
     * connection's thread, which holds back the worker while the sink is slow) and the result
     * keeps none; without one, the result holds them all.
     */
    CompletableFuture<StageResult> runStage(long generation, String sql, List<ArrowTable> inputs,
            ArrowFrameEncoder.PayloadSink forward) {
        long requestId = requestIds.incrementAndGet();
        StageCollector collector = new StageCollector(forward);
        stages.put(requestId, collector);
        try {
            for (ArrowTable input : inputs) {
                for (byte[] payload : input.payloads()) {
                    sender.sendFrame(BinaryFrame.encodeStageInput(requestId, input.name(), payload));
                }
            }
            // the next worker's stage need not wait until this one is written
            sender.sendWithoutWaiting(new Message.RunStage(requestId, generation, sql,
                    inputs.stream().map(ArrowTable::name).toList()), failure -> failStage(requestId,
                            new WorkerLostException(name + " is unreachable: " + failure.getMessage())));
        } catch (IOException e) {
            failStage(requestId, new WorkerLostException(name + " is unreachable: " + e.getMessage()));
        }
        return collector.result;
    }

    /** Tells the worker about a problem on its side; it logs {@code problem} as a warning. */
    void report(String problem) {
        FrameSender current = sender;
        if (current != null) {
            current.sendQuietly(new Message.ProtocolError(problem));
        }
    }

    private void failPendingStages() {
        for (Long requestId : List.copyOf(stages.keySet())) {
            failStage(requestId, new WorkerLostException(
                    name + " disconnected during the query; its shards are being re-assigned, run the query again"));
        }
    }

    /** Forgets the stage of {@code requestId}, if it still runs, and fails its result with {@code cause}. */
    private void failStage(long requestId, Throwable cause) {
        StageCollector collector = stages.remove(requestId);
        if (collector != null) {
            collector.result.completeExceptionally(cause);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** Frames of one running stage: kept, or forwarded as they arrive. */
    private final class StageCollector {
        final List<byte[]> payloads = new ArrayList<>();
        final CompletableFuture<StageResult> result = new CompletableFuture<>();
        final ArrowFrameEncoder.PayloadSink forward;
        long frames;
        long bytes;

        StageCollector(ArrowFrameEncoder.PayloadSink forward) {
            this.forward = forward;
        }

        void accept(byte[] payload) {
            frames++;
            bytes += payload.length;
            if (forward == null) {
                payloads.add(payload);
                return;
            }
            try {
                forward.accept(payload);
            } catch (IOException e) {
                result.completeExceptionally(new QueryFailure("sending the answer failed: " + e.getMessage(), e));
            }
        }

        void complete(long rowCount) {
            if (frames == 0) {
                result.completeExceptionally(new StageFailedException(name + " finished a stage without sending its schema"));
            } else {
                result.complete(new StageResult(payloads, rowCount, bytes));
            }
        }
    }
}
