package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.engine.HashPartitioning;
import io.gizmoedge.engine.WorkCancelledException;
import io.gizmoedge.planner.Stage;
import io.gizmoedge.planner.StageLocation;
import io.gizmoedge.protocol.Message;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    @Override
    public StageScheduler.OpenStage open(Stage stage) {
        List<ClusterSnapshot.Member> members = cluster.members();
        return new OpenedStage(stage, members, members.stream().map(member -> member.worker().reserveStage()).toList());
    }

    @Override
    public long runOpened(StageScheduler.OpenStage open, List<List<ArrowTable>> inputsPerWorker, PayloadSink target)
            throws QueryFailure, WorkerLostException, WorkCancelledException {
        OpenedStage opened = (OpenedStage) open;
        checkInputs(opened.stage, inputsPerWorker);
        Optional<String> failure = opened.failure();
        if (failure.isPresent()) {
            discard(opened);
            throw new WorkerLostException(failure.get());
        }
        List<String> received = List.copyOf(opened.received);
        return run(opened.stage, opened.members, (i, member, stage) -> member.worker().runStage(opened.requestIds.get(i),
                member.generation(), opened.stage.sql(), inputsPerWorker.get(i), received, Optional.empty(),
                (part, payload) -> target.accept(payload), stage));
    }

    @Override
    public void discard(StageScheduler.OpenStage open) {
        ((OpenedStage) open).discard();
    }

    /**
     * When every member takes rows from the others directly ({@code --advertise-address}), each worker
     * sends part i of its rows straight to member i; otherwise, and for what a worker cannot send
     * that way, the parts come through the server, which passes them on.
     */
    @Override
    public long runDividedIntoOpened(Stage stage, List<List<ArrowTable>> inputsPerWorker, HashPartitioning partitioning,
            StageScheduler.OpenStage reader) throws QueryFailure, WorkerLostException, WorkCancelledException {
        checkInputs(stage, inputsPerWorker);
        OpenedStage opened = (OpenedStage) reader;
        HashPartitioning.PartSink forwarded = opened.input(stage.name());
        List<Message.PeerTarget> targets = opened.peerTargets(stage.name());
        if (targets.isEmpty()) {
            return run(stage, cluster.members(), inputsPerWorker, Optional.of(partitioning), forwarded);
        }
        return run(stage, cluster.members(), (i, member, cancel) -> member.worker().runStage(member.generation(),
                stage.sql(), inputsPerWorker.get(i), partitioning, targets, forwarded, cancel));
    }

    /**
     * A stage reserved on every member, whose divided inputs go on to the members as they arrive:
     * part i to member i. When a member cannot be sent to, the rest of the rows are dropped and the
     * stage fails when it is run.
     */
    private static final class OpenedStage implements StageScheduler.OpenStage {
        private static final CompletableFuture<Void> DROPPED = CompletableFuture.completedFuture(null);

        final Stage stage;
        final List<ClusterSnapshot.Member> members;
        final List<Long> requestIds;
        final Set<String> received = ConcurrentHashMap.newKeySet();
        private volatile String failure;
        /** Set once the stage will not run; guarded by this, so no input is sent after the workers dropped it. */
        private boolean discarded;

        OpenedStage(Stage stage, List<ClusterSnapshot.Member> members, List<Long> requestIds) {
            this.stage = stage;
            this.members = List.copyOf(members);
            this.requestIds = List.copyOf(requestIds);
        }

        @Override
        public ForwardingPartSink input(String name) {
            received.add(name);
            return (part, payload) -> forward(part, name, payload);
        }

        private CompletableFuture<Void> forward(int part, String input, byte[] payload) {
            WorkerConnection worker = members.get(part).worker();
            CompletableFuture<Void> written;
            synchronized (this) {
                if (discarded || failure != null) {
                    return DROPPED;
                }
                written = worker.sendStageInput(requestIds.get(part), input, payload);
            }
            return written.exceptionally(cause -> {
                failure = worker.name() + " could not be sent its part of the moved rows: " + cause.getMessage();
                return null;
            });
        }

        Optional<String> failure() {
            return Optional.ofNullable(failure);
        }

        /**
         * Where each part of input {@code name} goes directly: to member i for part i, when every member
         * takes rows from the others; empty otherwise.
         */
        List<Message.PeerTarget> peerTargets(String name) {
            if (members.stream().anyMatch(member -> member.worker().peer().isEmpty())) {
                return List.of();
            }
            List<Message.PeerTarget> targets = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                targets.add(new Message.PeerTarget(i, members.get(i).worker().peer().orElseThrow(), requestIds.get(i), name));
            }
            return targets;
        }

        synchronized void discard() {
            discarded = true;
            for (int i = 0; i < members.size(); i++) {
                members.get(i).worker().dropReservedStage(requestIds.get(i));
            }
        }
    }

    private void checkInputs(Stage stage, List<List<ArrowTable>> inputsPerWorker) {
        if (inputsPerWorker.size() != workerCount()) {
            throw new IllegalArgumentException("stage " + stage.name() + " has inputs for " + inputsPerWorker.size()
                    + " workers, but runs on " + workerCount());
        }
    }

    /** Starts a stage on member {@code index} of a run, stopped when {@code stage} is cancelled. */
    @FunctionalInterface
    private interface MemberStage {
        CompletableFuture<StageResult> start(int index, ClusterSnapshot.Member member, Cancellation stage);
    }

    private long run(Stage stage, List<ClusterSnapshot.Member> members, List<List<ArrowTable>> inputsPerMember,
            Optional<HashPartitioning> partitioning, HashPartitioning.PartSink target)
            throws QueryFailure, WorkerLostException, WorkCancelledException {
        return run(stage, members, (i, member, cancel) -> member.worker().runStage(member.generation(), stage.sql(),
                inputsPerMember.get(i), partitioning, target, cancel));
    }

    private long run(Stage stage, List<ClusterSnapshot.Member> members, MemberStage start)
            throws QueryFailure, WorkerLostException, WorkCancelledException {
        long started = System.nanoTime();
        List<StageResult> results = runOnMembers(members, start);
        long bytes = measurements.recordWorkerStage(members, results, stage.location() == StageLocation.WORKERS);
        LOG.debug("stage {} on {} workers: {} bytes in {} ms", stage.name(), members.size(), bytes,
                QueryMeasurements.millisSince(started));
        return results.stream().mapToLong(StageResult::rowCount).sum();
    }

    /**
     * Runs a stage on {@code members}, started on each by {@code start}. When one member fails, the
     * others are told to stop. A lost worker (or one that no longer serves the planned shards) throws
     * {@link WorkerLostException}: the run can be started again elsewhere.
     */
    private List<StageResult> runOnMembers(List<ClusterSnapshot.Member> members, MemberStage start)
            throws QueryFailure, WorkerLostException, WorkCancelledException {
        Cancellation stage = new Cancellation();
        try (Cancellation.Registration link = cancellation.propagateTo(stage)) {
            List<CompletableFuture<StageResult>> running = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                running.add(start.start(i, members.get(i), stage));
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
