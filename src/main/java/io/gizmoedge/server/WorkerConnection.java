package io.gizmoedge.server;

import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.engine.ArrowFrameEncoder;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.engine.HashPartitioning;
import io.gizmoedge.engine.WorkCancelledException;
import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.MalformedMessageException;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.protocol.PeerEndpoint;
import io.gizmoedge.transport.FrameSender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
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
    /** File requests one worker may have outstanding; its loader keeps fewer in flight. */
    static final int MAX_FILE_REQUESTS = 8;

    private final MessageCodec codec;
    private final WorkerPool pool;
    private final ShardFileServer fileServer;
    private final ExecutorService background;
    private final String remoteDescription;
    private final Map<Long, StageCollector> stages = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    /** File requests of this worker being served or waiting; bounded, so one worker cannot take the transfer threads. */
    private final AtomicInteger fileRequests = new AtomicInteger();
    private volatile Session session;
    private volatile FrameSender sender;
    /** When a frame of any kind (pongs included) last arrived from the worker. */
    private volatile long lastHeardNanos = System.nanoTime();
    /** Frames of this worker's rows being forwarded to another worker: reading the connection waits until they are written. */
    private final AtomicInteger pausedReads = new AtomicInteger();
    /** Frames of other workers' rows queued to this worker and not yet written. */
    private final AtomicInteger forwardsPending = new AtomicInteger();
    /** When a frame forwarded to this worker was last written (or the first of the pending ones queued). */
    private volatile long lastForwardWrittenNanos = System.nanoTime();
    private volatile String name;
    private volatile Set<String> cachedFiles = Set.of();
    /** Where the worker takes rows from other workers directly; null when it takes them through the server only. */
    private volatile PeerEndpoint peer;
    private final String peerSecret;
    /** The worker's DuckDB memory in bytes from its last heartbeat that carried one; -1 before that. */
    private volatile long duckdbMemoryBytes = -1;

    /**
     * @param peerSecret what workers present to each other's peer endpoints (one per server start),
     *     sent to the worker after its hello
     */
    WorkerConnection(MessageCodec codec, WorkerPool pool, ShardFileServer fileServer, ExecutorService background,
            String remoteDescription, String peerSecret) {
        this.codec = codec;
        this.peerSecret = peerSecret;
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

    /** Where the worker takes rows from other workers directly ({@code --advertise-address}), if it does. */
    Optional<PeerEndpoint> peer() {
        return Optional.ofNullable(peer);
    }

    /** The worker's address as the server sees it. */
    String address() {
        return remoteDescription;
    }

    /** The memory the worker's DuckDB held at its last heartbeat that reported it; empty until one did. */
    OptionalLong duckdbMemoryBytes() {
        long bytes = duckdbMemoryBytes;
        return bytes < 0 ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    /** When the server last heard from the worker (a message, a frame or a pong). */
    java.time.Instant lastHeard() {
        return java.time.Instant.now().minusNanos(System.nanoTime() - lastHeardNanos);
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        sender = new FrameSender(session, codec);
        LOG.info("worker connected from {}", remoteDescription);
    }

    @Override
    public void onWebSocketText(String text) {
        lastHeardNanos = System.nanoTime();
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
            peer = hello.peer();
            LOG.info("{} says hello ({} cached shard files, {} threads{})", name, cachedFiles.size(), hello.threads(),
                    peer == null ? "" : ", takes rows from other workers at " + peer.address());
            sender.sendQuietly(new Message.PeerSecret(peerSecret));
            pool.add(this);
        } else if (message instanceof Message.WorkerHeartbeat heartbeat) {
            if (heartbeat.duckdbMemoryBytes() != null) {
                duckdbMemoryBytes = heartbeat.duckdbMemoryBytes(); // a heartbeat without a figure keeps the last one
            }
        } else if (message instanceof Message.FetchFile fetch) {
            serveFile(fetch);
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
            StageCollector collector = stages.get(failed.requestId());
            if (failed.retryable() && collector != null) {
                pool.generationRefused(this, collector.generation);
            }
            // rows this worker sent another directly may not have arrived: the run is tried again
            boolean retry = failed.retryable() || failed.unreachablePeer() != null;
            failStage(failed.requestId(), retry ? new WorkerLostException(failed.message())
                    : new StageFailedException(failed.message()));
        } else if (message instanceof Message.ProtocolError error) {
            LOG.warn("{} reports a protocol error: {}", name, error.message());
        } else {
            LOG.warn("{} sent an unexpected {} message", name, message.getClass().getSimpleName());
            sender.sendQuietly(new Message.ProtocolError("unexpected message " + message.getClass().getSimpleName()));
        }
    }

    /**
     * Hands a frame of rows to its stage's target. Jetty reads the connection's next frame once
     * {@code callback} completes: at once, or, for rows forwarded to another worker, once they are
     * written there.
     */
    @Override
    public void onWebSocketBinary(ByteBuffer buffer, Callback callback) {
        lastHeardNanos = System.nanoTime();
        try {
            BinaryFrame frame = BinaryFrame.decode(buffer);
            boolean rows = frame.kind() == BinaryFrame.Kind.ARROW || frame.kind() == BinaryFrame.Kind.ARROW_PART;
            StageCollector collector = rows ? stages.get(frame.id()) : null;
            if (collector == null && frame.id() > 0 && frame.id() <= requestIds.get()) {
                // rows still in flight when the server stopped the stage (cancelled, failed, or refused by --max-query-memory)
                LOG.debug("{} sent a frame for stage {}, which has ended", name, frame.id());
            } else if (collector == null) {
                LOG.warn("{} sent a binary frame for unknown request {}", name, frame.id());
            } else if (frame.kind() == BinaryFrame.Kind.ARROW) {
                collector.accept(StageCollector.WHOLE, frame.payloadBytes(), callback);
                return;
            } else {
                BinaryFrame.PartChunk chunk = frame.part();
                collector.accept(chunk.part(), chunk.arrowPayload(), callback);
                return;
            }
        } catch (MalformedMessageException e) {
            LOG.warn("{} sent a malformed binary frame: {}", name, e.getMessage());
        }
        callback.succeed();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        lastHeardNanos = System.nanoTime();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        LOG.info("{} disconnected ({} {})", name, statusCode, reason == null ? "" : reason);
        failPendingStages(name + " disconnected during the query");
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
     * tables; every payload of the answer goes to {@code target} as it arrives (on the connection's
     * thread, so the target must not block). When {@code cancellation} is cancelled, the worker is
     * told to stop and the result fails.
     */
    CompletableFuture<StageResult> runStage(long generation, String sql, List<ArrowTable> inputs,
            ArrowFrameEncoder.PayloadSink target, Cancellation cancellation) {
        return runStage(generation, sql, inputs, Optional.empty(), (part, payload) -> target.accept(payload), cancellation);
    }

    /**
     * As {@link #runStage(long, String, List, ArrowFrameEncoder.PayloadSink, Cancellation)}; with a
     * {@code partitioning} the worker divides its rows, and each payload goes to {@code target} with
     * its part's number (without, under part 0).
     */
    CompletableFuture<StageResult> runStage(long generation, String sql, List<ArrowTable> inputs,
            Optional<HashPartitioning> partitioning, HashPartitioning.PartSink target, Cancellation cancellation) {
        return runStage(reserveStage(), generation, sql, inputs, List.of(), partitioning, List.of(), target, cancellation);
    }

    /**
     * As {@link #runStage(long, String, List, Optional, HashPartitioning.PartSink, Cancellation)}, the
     * worker sending the parts of {@code peerTargets} straight to their workers; what it cannot send
     * them still comes to {@code target}.
     */
    CompletableFuture<StageResult> runStage(long generation, String sql, List<ArrowTable> inputs,
            HashPartitioning partitioning, List<Message.PeerTarget> peerTargets, HashPartitioning.PartSink target,
            Cancellation cancellation) {
        return runStage(reserveStage(), generation, sql, inputs, List.of(), Optional.of(partitioning), peerTargets, target,
                cancellation);
    }

    /** A request id for a stage whose inputs are sent ({@link #sendStageInput}) before it runs. */
    long reserveStage() {
        return requestIds.incrementAndGet();
    }

    /**
     * Queues one payload of input table {@code input} of reserved stage {@code requestId} without
     * waiting; the future completes when it is written, or fails when the worker cannot be sent to.
     */
    CompletableFuture<Void> sendStageInput(long requestId, String input, byte[] payload) {
        FrameSender current = sender;
        if (current == null) {
            return CompletableFuture.failedFuture(new IOException(name + " is not connected"));
        }
        if (forwardsPending.getAndIncrement() == 0) {
            lastForwardWrittenNanos = System.nanoTime();
        }
        return current.sendFrameWithoutWaiting(BinaryFrame.encodeStageInput(requestId, input, payload))
                .whenComplete((written, failure) -> {
                    lastForwardWrittenNanos = System.nanoTime();
                    forwardsPending.decrementAndGet();
                });
    }

    /** Drops reserved stage {@code requestId}, which will not run: the worker forgets the inputs it received for it. */
    void dropReservedStage(long requestId) {
        FrameSender current = sender;
        if (current != null) {
            current.sendQuietly(new Message.CancelStage(requestId));
        }
    }

    /**
     * Runs reserved stage {@code requestId} as {@link #runStage(long, String, List, Optional,
     * HashPartitioning.PartSink, Cancellation)} does; besides {@code inputs}, it reads
     * {@code receivedInputs}, sent earlier with {@link #sendStageInput}.
     */
    CompletableFuture<StageResult> runStage(long requestId, long generation, String sql, List<ArrowTable> inputs,
            List<String> receivedInputs, Optional<HashPartitioning> partitioning, HashPartitioning.PartSink target,
            Cancellation cancellation) {
        return runStage(requestId, generation, sql, inputs, receivedInputs, partitioning, List.of(), target, cancellation);
    }

    private CompletableFuture<StageResult> runStage(long requestId, long generation, String sql, List<ArrowTable> inputs,
            List<String> receivedInputs, Optional<HashPartitioning> partitioning, List<Message.PeerTarget> peerTargets,
            HashPartitioning.PartSink target, Cancellation cancellation) {
        StageCollector collector = new StageCollector(requestId, generation, partitioning.map(HashPartitioning::parts)
                .orElse(StageCollector.WHOLE), target, !peerTargets.isEmpty());
        stages.put(requestId, collector);
        Cancellation.Registration stop = cancellation.onCancel(() -> stopStage(requestId,
                new WorkCancelledException(cancellation.reason().orElse("the query was cancelled"))));
        collector.result.whenComplete((result, failure) -> stop.close());
        try {
            for (ArrowTable input : inputs) {
                for (byte[] payload : input.payloads()) {
                    sender.sendFrame(BinaryFrame.encodeStageInput(requestId, input.name(), payload));
                }
            }
            // the next worker's stage need not wait until this one is written
            List<String> inputNames = new ArrayList<>(receivedInputs);
            inputs.forEach(input -> inputNames.add(input.name()));
            sender.sendWithoutWaiting(new Message.RunStage(requestId, generation, sql, inputNames,
                    partitioning.map(HashPartitioning::keys).orElse(List.of()),
                    partitioning.map(HashPartitioning::parts).orElse(0), peerTargets),
                    failure -> failUnreachable(requestId, failure));
        } catch (IOException e) {
            failUnreachable(requestId, e);
        }
        return collector.result;
    }

    private void failUnreachable(long requestId, Throwable failure) {
        failStage(requestId, new WorkerLostException(name + " is unreachable: " + failure.getMessage()));
    }

    /**
     * Fails the result of the stage of {@code requestId} with {@code cause}, if it still runs, and
     * tells the worker to stop it. The stage is forgotten first: the worker answers a cancel with a
     * retryable stage_failed, which for a stage still known would count the worker as no longer
     * serving its shards.
     */
    private void stopStage(long requestId, Throwable cause) {
        if (failStage(requestId, cause)) {
            sender.sendQuietly(new Message.CancelStage(requestId));
        }
    }

    /**
     * Sends a heartbeat ping, or, when nothing (not even a pong) arrived from the worker for
     * {@code timeout}, or rows forwarded to it waited that long to be written, declares it lost: its
     * stages fail, its shards go to the others, and its connection is dropped. A worker whose frames
     * the server does not read meanwhile (they wait for their rows to be forwarded) is not silent.
     */
    void heartbeat(Duration timeout) {
        Session current = session;
        if (current == null) {
            return;
        }
        long now = System.nanoTime();
        long silentNanos = now - lastHeardNanos;
        long stalledNanos = now - lastForwardWrittenNanos;
        // while the server holds its reading back (rows waiting to be forwarded), the worker's pongs wait
        // too; a worker that takes none of the rows forwarded to it is as lost as a silent one, and holds
        // back the workers that produce them
        if (silentNanos > timeout.toNanos() && pausedReads.get() == 0) {
            declareLost(current, "did not answer for " + silentNanos / 1_000_000 + " ms", "stopped answering");
            return;
        }
        if (forwardsPending.get() > 0 && stalledNanos > timeout.toNanos()) {
            declareLost(current, "took none of the rows forwarded to it for " + stalledNanos / 1_000_000 + " ms",
                    "stopped taking the rows moved to it");
            return;
        }
        if (current.isOpen()) {
            current.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    /** Fails the worker's stages, gives its shards to the others and drops its connection. */
    private void declareLost(Session current, String logReason, String queryReason) {
        LOG.warn("{} {}; declaring it lost", name, logReason);
        failPendingStages(name + " " + queryReason + " during the query");
        pool.remove(this);
        current.disconnect();
    }

    /** Counts the worker as heard from now (the server, not the worker, was silent). */
    void forgiveSilence() {
        lastHeardNanos = System.nanoTime();
        lastForwardWrittenNanos = lastHeardNanos;
    }

    /** Serves a file of the worker's assignment on the transfer pool, a bounded number at a time. */
    private void serveFile(Message.FetchFile fetch) {
        if (!pool.mayFetch(this, fetch.sha256())) {
            LOG.warn("{} asked for file {}, which is not part of its assignment", name, fetch.sha256());
            sender.sendQuietly(new Message.FileFailed(fetch.transferId(), "file " + fetch.sha256()
                    + " is not part of this worker's assignment"));
            return;
        }
        if (fileRequests.incrementAndGet() > MAX_FILE_REQUESTS) {
            fileRequests.decrementAndGet();
            sender.sendQuietly(new Message.FileFailed(fetch.transferId(), "too many file requests at once; a worker may have "
                    + MAX_FILE_REQUESTS + " outstanding"));
            return;
        }
        try {
            background.execute(() -> {
                try {
                    fileServer.send(fetch, sender);
                } finally {
                    fileRequests.decrementAndGet();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            fileRequests.decrementAndGet();
            sender.sendQuietly(new Message.FileFailed(fetch.transferId(), "the server is shutting down"));
        }
    }

    /** Tells the worker about a problem on its side; it logs {@code problem} as a warning. */
    void report(String problem) {
        FrameSender current = sender;
        if (current != null) {
            current.sendQuietly(new Message.ProtocolError(problem));
        }
    }

    private void failPendingStages(String reason) {
        for (Long requestId : List.copyOf(stages.keySet())) {
            failStage(requestId, new WorkerLostException(reason));
        }
    }

    /**
     * Forgets the stage of {@code requestId}, if it still runs, and fails its result with {@code cause};
     * returns whether it still ran.
     */
    private boolean failStage(long requestId, Throwable cause) {
        StageCollector collector = stages.remove(requestId);
        if (collector != null) {
            collector.result.completeExceptionally(cause);
        }
        return collector != null;
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Frames of one running stage, handed to its target as they arrive: ARROW frames of a stage whose
     * rows come whole, ARROW_PART frames of parts 0 to {@code parts - 1} of a divided one.
     */
    private final class StageCollector {
        /** The {@code parts} of a stage whose rows come whole, and the part its payloads are handed on as. */
        static final int WHOLE = 0;

        final long requestId;
        final long generation;
        final int parts;
        final CompletableFuture<StageResult> result = new CompletableFuture<>();
        final HashPartitioning.PartSink target;
        /** Whether the worker sends its rows to other workers directly, so that none need reach the server. */
        final boolean sentElsewhere;
        long frames;
        long bytes;

        StageCollector(long requestId, long generation, int parts, HashPartitioning.PartSink target, boolean sentElsewhere) {
            this.requestId = requestId;
            this.generation = generation;
            this.parts = parts;
            this.target = target;
            this.sentElsewhere = sentElsewhere;
        }

        /** Hands one payload to the target; {@code read} completes when the connection may read its next frame. */
        void accept(int part, byte[] payload, Callback read) {
            boolean expected = parts == WHOLE ? part == WHOLE : part < parts;
            if (!expected) {
                LOG.warn("{} sent rows of part {} for a stage divided into {} parts", name, part, parts);
                stopStage(requestId, new StageFailedException(name + " sent rows the server did not ask for"));
                read.succeed();
                return;
            }
            frames++;
            bytes += payload.length;
            if (target instanceof ForwardingPartSink forwarding) {
                pausedReads.incrementAndGet();
                forwarding.forward(part, payload).whenComplete((written, failure) -> {
                    lastHeardNanos = System.nanoTime();
                    pausedReads.decrementAndGet();
                    read.succeed();
                });
                return;
            }
            try {
                target.accept(part, payload);
            } catch (IOException e) {
                stopStage(requestId, new QueryFailure("keeping the answer failed: " + e.getMessage(), e));
            }
            read.succeed();
        }

        void complete(long rowCount) {
            if (frames == 0 && !sentElsewhere) {
                result.completeExceptionally(new StageFailedException(name + " finished a stage without sending its schema"));
            } else {
                result.complete(new StageResult(rowCount, bytes));
            }
        }
    }

}
