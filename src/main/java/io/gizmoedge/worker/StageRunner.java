package io.gizmoedge.worker;

import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.engine.DaemonThreads;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.DuckDbQueryRunner;
import io.gizmoedge.engine.HashPartitioning;
import io.gizmoedge.engine.WorkCancelledException;
import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.transport.FrameSender;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stages the server sends over the shards of the generation they were planned for, and
 * stops them when the server cancels them or their assignment is being replaced.
 */
final class StageRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

    private final String workerName;
    private final WorkerDatabase database;
    private final ServingState serving;
    private final DuckDbQueryRunner queryRunner;
    private final Peers peers;
    /** The stages that run now, by request id. */
    private final Map<Long, Cancellation> running = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("stage"));

    StageRunner(String workerName, WorkerDatabase database, ServingState serving, DuckDbQueryRunner queryRunner,
            Peers peers) {
        this.workerName = workerName;
        this.database = database;
        this.serving = serving;
        this.queryRunner = queryRunner;
        this.peers = peers;
    }

    /** A new, empty holder for the input tables of a stage about to run. */
    ReceivedInputs receiveInputs() {
        return new ReceivedInputs(ReceivedInputs.DEFAULT_MAX_HELD_BYTES, database::newConnection, queryRunner);
    }

    /**
     * Starts {@code stage} with its input tables on the stage executor, which closes them when the
     * stage ends; its frames and last message go to {@code sender}. From this call on, {@link #cancel}
     * stops it.
     */
    void start(Message.RunStage stage, ReceivedInputs received, FrameSender sender) {
        long requestId = stage.requestId();
        Cancellation cancellation = new Cancellation();
        if (running.putIfAbsent(requestId, cancellation) != null) {
            received.close();
            sender.sendQuietly(new Message.StageFailed(requestId, "stage " + requestId + " is already running on "
                    + workerName, false));
            return;
        }
        try {
            executor.execute(() -> run(stage, received, sender, cancellation));
        } catch (RejectedExecutionException e) {
            running.remove(requestId);
            received.close();
            sender.sendQuietly(new Message.StageFailed(requestId, workerName + " is shutting down", true));
        }
    }

    private void run(Message.RunStage stage, ReceivedInputs received, FrameSender sender, Cancellation cancellation) {
        long requestId = stage.requestId();
        try (received) {
            if (cancellation.isCancelled()) {
                return;
            }
            Optional<ServingState.Lease> lease = serving.lease(stage.generation());
            if (lease.isEmpty()) {
                sender.sendQuietly(new Message.StageFailed(requestId, workerName
                        + " no longer serves the shards the query was planned for", true));
                return;
            }
            try (ServingState.Lease held = lease.get()) {
                runLeased(stage, received, sender, cancellation);
            }
        } finally {
            running.remove(requestId);
        }
    }

    private void runLeased(Message.RunStage stage, ReceivedInputs received, FrameSender sender,
            Cancellation cancellation) {
        long requestId = stage.requestId();
        Optional<String> failure = received.failure();
        if (failure.isPresent()) {
            sender.sendQuietly(new Message.StageFailed(requestId, workerName + ": " + failure.get(), false));
            return;
        }
        // inputs in DuckDB already are tables of the stage's connection; the others are registered there
        List<ArrowTable> inputs = new ArrayList<>();
        for (String name : stage.inputs()) {
            Optional<ArrowTable> held = received.held(name);
            if (held.isPresent()) {
                inputs.add(held.get());
            } else if (!received.isStored(name)) {
                sender.sendQuietly(new Message.StageFailed(requestId, "input table " + name
                        + " of the stage did not arrive at " + workerName, false));
                return;
            }
        }
        long started = System.nanoTime();
        try (DuckDBConnection connection = received.connectionForStage()) {
            long count = stage.partitions() == 0
                    ? queryRunner.run(connection, stage.sql(), inputs,
                            payload -> sender.sendBinary(BinaryFrame.Kind.ARROW, requestId, payload), cancellation)
                    : runDivided(connection, stage, inputs, sender, cancellation);
            sender.send(new Message.StageComplete(requestId, count));
            LOG.debug("stage {}: {} rows in {} ms", requestId, count, (System.nanoTime() - started) / 1_000_000);
        } catch (WorkCancelledException e) {
            LOG.info("stage {} stopped: {}", requestId, e.getMessage());
            sender.sendQuietly(new Message.StageFailed(requestId, workerName + " stopped the stage: " + e.getMessage(), true));
        } catch (SQLException e) {
            sender.sendQuietly(new Message.StageFailed(requestId, DuckDbErrors.oneLine(e), false));
        } catch (PeerLostException e) {
            LOG.warn("stage {}: {}", requestId, e.getMessage());
            sender.sendQuietly(new Message.StageFailed(requestId, workerName + " " + e.getMessage(), false,
                    e.peer().address()));
        } catch (IOException e) {
            LOG.warn("could not send the result of stage {}: {}", requestId, e.getMessage());
            sender.sendQuietly(new Message.StageFailed(requestId, workerName + " could not send its result: "
                    + e.getMessage(), true));
        } catch (RuntimeException e) {
            LOG.error("stage {} hit an internal error", requestId, e);
            sender.sendQuietly(new Message.StageFailed(requestId, workerName
                    + " could not run its part of the query because of an internal error; the worker's log has the details",
                    false));
        }
    }

    /**
     * Runs divided {@code stage}: each part's rows go to the server, or, for the parts the server gave
     * a target, straight to their worker; returns once every such worker holds its rows.
     */
    private long runDivided(DuckDBConnection connection, Message.RunStage stage, List<ArrowTable> inputs,
            FrameSender sender, Cancellation cancellation) throws SQLException, IOException {
        long requestId = stage.requestId();
        HashPartitioning partitioning = new HashPartitioning(stage.partitionBy(), stage.partitions());
        HashPartitioning.PartSink throughServer =
                (part, payload) -> sender.sendFrame(BinaryFrame.encodePart(requestId, part, payload));
        if (stage.peerTargets().isEmpty()) {
            return queryRunner.runPartitioned(connection, stage.sql(), inputs, partitioning, throughServer, cancellation);
        }
        DirectParts direct = peers.parts(stage.peerTargets(), throughServer);
        try (Cancellation.Registration stop = cancellation.onCancel(direct::abort)) {
            long count = queryRunner.runPartitioned(connection, stage.sql(), inputs, partitioning, direct, cancellation);
            direct.finish();
            return count;
        } catch (PeerLostException e) {
            cancellation.throwIfCancelled(); // the connections were closed because the stage was stopped
            throw e;
        }
    }

    /** Stops the stage of {@code requestId} if it runs; the server asked for it. */
    void cancel(long requestId) {
        Cancellation cancellation = running.get(requestId);
        if (cancellation != null) {
            cancellation.cancel("the server cancelled it");
        }
    }

    /** Stops every running stage (their assignment is being replaced, or the link to the server is gone). */
    void cancelAll(String reason) {
        running.values().forEach(cancellation -> cancellation.cancel(reason));
    }

    /** Stops every stage and starts no more. */
    void close() {
        executor.shutdownNow();
        cancelAll("the worker is shutting down");
    }
}
