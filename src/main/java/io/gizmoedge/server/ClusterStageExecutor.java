package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.engine.HashPartitioning;
import io.gizmoedge.engine.WorkCancelledException;
import io.gizmoedge.planner.Stage;
import io.gizmoedge.planner.StageLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one distributed run's stages on a {@link ClusterSnapshot}: a WORKERS stage on every member at
 * once, a ONE_WORKER stage on the next member in turn, a server stage on the server's database. It
 * records what the workers sent in the query's {@link QueryMeasurements} and stops when the run's
 * cancellation is cancelled.
 */
final class ClusterStageExecutor implements StageScheduler.StageExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterStageExecutor.class);

    private final ClusterSnapshot cluster;
    private final AtomicInteger nextOneWorker;
    private final ServerQueryRunner server;
    private final QueryMeasurements measurements;
    private final Cancellation cancellation;

    /**
     * @param nextOneWorker the coordinator's turn counter, shared by its queries, so ONE_WORKER stages
     *     take the members in turn
     */
    ClusterStageExecutor(ClusterSnapshot cluster, AtomicInteger nextOneWorker, ServerQueryRunner server,
            QueryMeasurements measurements, Cancellation cancellation) {
        this.cluster = cluster;
        this.nextOneWorker = nextOneWorker;
        this.server = server;
        this.measurements = measurements;
        this.cancellation = cancellation;
    }

    @Override
    public int workerCount() {
        return cluster.members().size();
    }

    @Override
    public long runOnWorkers(Stage stage, List<List<ArrowTable>> inputsPerWorker, PayloadSink target)
            throws QueryFailure, WorkerLostException, WorkCancelledException {
        checkInputs(stage, inputsPerWorker);
        return run(stage, cluster.members(), inputsPerWorker, Optional.empty(), (part, payload) -> target.accept(payload));
    }

    @Override
    public long runOnOneWorker(Stage stage, List<ArrowTable> inputs, PayloadSink target)
            throws QueryFailure, WorkerLostException, WorkCancelledException {
        List<ClusterSnapshot.Member> members = cluster.members();
        ClusterSnapshot.Member member = members.get(Math.floorMod(nextOneWorker.getAndIncrement(), members.size()));
        return run(stage, List.of(member), List.of(inputs), Optional.empty(), (part, payload) -> target.accept(payload));
    }

    @Override
    public long runOnServer(String sql, List<ArrowTable> inputs, PayloadSink target) throws QueryFailure, IOException {
        return server.run(sql, inputs, target, cancellation);
    }

    @Override
    public long runDividedOnWorkers(Stage stage, List<List<ArrowTable>> inputsPerWorker, HashPartitioning partitioning,
            HashPartitioning.PartSink target) throws QueryFailure, WorkerLostException, WorkCancelledException {
        checkInputs(stage, inputsPerWorker);
        return run(stage, cluster.members(), inputsPerWorker, Optional.of(partitioning), target);
    }

    @Override
    public long runDividedOnServer(String sql, List<ArrowTable> inputs, HashPartitioning partitioning,
            HashPartitioning.PartSink target) throws QueryFailure, IOException {
        return server.runDivided(sql, inputs, partitioning, target, cancellation);
    }

    private void checkInputs(Stage stage, List<List<ArrowTable>> inputsPerWorker) {
        if (inputsPerWorker.size() != workerCount()) {
            throw new IllegalArgumentException("stage " + stage.name() + " has inputs for " + inputsPerWorker.size()
                    + " workers, but runs on " + workerCount());
        }
    }

    private long run(Stage stage, List<ClusterSnapshot.Member> members, List<List<ArrowTable>> inputsPerMember,
            Optional<HashPartitioning> partitioning, HashPartitioning.PartSink target)
            throws QueryFailure, WorkerLostException, WorkCancelledException {
        long started = System.nanoTime();
        List<StageResult> results = runOnMembers(members, stage.sql(), inputsPerMember, partitioning, target);
        long bytes = measurements.recordWorkerStage(members, results, stage.location() == StageLocation.WORKERS);
        LOG.debug("stage {} on {} workers: {} bytes in {} ms", stage.name(), members.size(), bytes,
                QueryMeasurements.millisSince(started));
        return results.stream().mapToLong(StageResult::rowCount).sum();
    }

    /**
     * Runs {@code sql} on {@code members}, member i over {@code inputsPerMember.get(i)} (each dividing
     * its rows by {@code partitioning}, when given); every payload goes to {@code target}. When one
     * member fails, the others are told to stop. A lost worker (or one that no longer serves the
     * planned shards) throws {@link WorkerLostException}: the run can be started again elsewhere.
     */
    private List<StageResult> runOnMembers(List<ClusterSnapshot.Member> members, String sql,
            List<List<ArrowTable>> inputsPerMember, Optional<HashPartitioning> partitioning, HashPartitioning.PartSink target)
            throws QueryFailure, WorkerLostException, WorkCancelledException {
        Cancellation stage = new Cancellation();
        try (Cancellation.Registration link = cancellation.propagateTo(stage)) {
            List<CompletableFuture<StageResult>> running = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                ClusterSnapshot.Member member = members.get(i);
                running.add(member.worker().runStage(member.generation(), sql, inputsPerMember.get(i), partitioning, target,
                        stage));
            }
            List<StageResult> results = new ArrayList<>();
            for (CompletableFuture<StageResult> result : running) {
                try {
                    results.add(result.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stage.cancel("the server is shutting down");
                    throw new QueryFailure("the server is shutting down", e);
                } catch (ExecutionException e) {
                    stage.cancel("another worker's part of the query failed");
                    Throwable cause = e.getCause();
                    cancellation.throwIfCancelled();
                    if (cause instanceof WorkerLostException lost) {
                        throw lost;
                    }
                    if (cause instanceof QueryFailure failure) {
                        throw failure;
                    }
                    throw new QueryFailure(cause.getMessage(), cause);
                }
            }
            return results;
        }
    }
}
