package io.gizmoedge.server;

import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.catalog.ShardManifest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connected workers and their shards. Re-assigns shards whenever a worker joins or leaves,
 * and answers which workers a distributed query can run on right now.
 */
final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    /** The catalog version workers are told to serve; replaced by {@link #publish}. */
    private ShardManifest manifest;
    /** Workers in the order they joined, with what the server asked of them and what they confirmed. */
    private final Map<WorkerConnection, WorkerState> workers = new LinkedHashMap<>();
    /** Sends assignments one after another, outside the pool's lock, in the order they were decided. */
    private final ExecutorService assignmentSender =
            Executors.newSingleThreadExecutor(io.gizmoedge.engine.DaemonThreads.named("shard-assignment"));
    private long nextGeneration = 1;
    /** When the last liveness check ran (0 before the first). */
    private long lastHeartbeatNanos;

    private static final class WorkerState {
        /** The shards the worker is meant to serve; it is sent them once their old owners can let go. */
        Set<Integer> targetShards = Set.of();
        long assignedGeneration;
        /** The shards of the assignment last sent: the target, plus shards it keeps until their new owner is ready. */
        Set<Integer> assignedShards = Set.of();
        long readyGeneration;
        Set<Integer> readyShards = Set.of();
        /** The catalog version of the assignment last sent, and of the one the worker confirmed. */
        long assignedVersion;
        long readyVersion;
        /** Set when the worker could not load an assignment: it gets no shards until it reconnects. */
        boolean benched;
        /** The sha-256 of the files of the worker's assignment: the only ones it may fetch. */
        Set<String> assignedFiles = Set.of();
        /** When the last assignment was sent, or the worker last fetched one of its files it had not fetched before. */
        long lastProgressNanos = System.nanoTime();
        /** The files of the assignment the worker asked for so far. */
        Set<String> fetchedFiles = new HashSet<>();
    }

    /** How long a worker may take without progress (a file fetched) before it reports an assignment ready. */
    private final Duration readyTimeout;

    WorkerPool(ShardManifest manifest, Duration readyTimeout) {
        this.manifest = manifest;
        this.readyTimeout = readyTimeout;
    }

    synchronized void add(WorkerConnection worker) {
        workers.put(worker, new WorkerState());
        rebalance();
    }

    synchronized void remove(WorkerConnection worker) {
        if (workers.remove(worker) != null) {
            rebalance();
            notifyAll();
        }
    }

    synchronized void shardsReady(WorkerConnection worker, long generation, Set<Integer> shards) {
        WorkerState state = workers.get(worker);
        if (state == null || generation != state.assignedGeneration || state.benched) {
            return; // an assignment that has since been replaced or taken away
        }
        state.readyGeneration = generation;
        state.readyShards = Set.copyOf(shards);
        state.readyVersion = state.assignedVersion;
        LOG.info("{} is ready with shards {}", worker.name(), new TreeSet<>(shards));
        rebalance(); // old owners of these shards may now let go of them
        notifyAll(); // queries waiting for the cluster after a worker was lost
        if (snapshot() instanceof ClusterSnapshot snapshot) {
            LOG.info("all {} shards are served by {} workers", manifest.shardCount(), snapshot.members().size());
        }
    }

    /**
     * The worker refused a stage of {@code generation} (it no longer serves it, or stopped the stage
     * to swap its shards): its readiness is stale until it reports its next assignment ready.
     */
    synchronized void generationRefused(WorkerConnection worker, long generation) {
        WorkerState state = workers.get(worker);
        if (state != null && state.readyGeneration == generation) {
            state.readyGeneration = 0;
            state.readyShards = Set.of();
        }
    }

    /**
     * The worker could not load its assignment (a full disk, too little memory): it gets no shards
     * until it reconnects, and its shards go to the other workers, so that queries distribute
     * again instead of waiting for shards nobody can serve.
     */
    synchronized void shardsFailed(WorkerConnection worker, long generation) {
        WorkerState state = workers.get(worker);
        if (state == null || generation != state.assignedGeneration || state.benched) {
            return;
        }
        bench(worker, state, "this worker could not load its shards and gets none until it reconnects;"
                + " fix the cause its log names, then restart it");
    }

    private void bench(WorkerConnection worker, WorkerState state, String problem) {
        state.benched = true;
        state.targetShards = Set.of();
        state.assignedShards = Set.of();
        state.assignedFiles = Set.of();
        state.readyGeneration = 0;
        state.readyShards = Set.of();
        LOG.warn("{} gets no shards until it reconnects; its shards go to the other workers", worker.name());
        worker.report(problem);
        rebalance();
    }

    /** True when {@code sha256} is a file of the worker's current assignment; a first request counts as progress. */
    synchronized boolean mayFetch(WorkerConnection worker, String sha256) {
        WorkerState state = workers.get(worker);
        if (state == null || !state.assignedFiles.contains(sha256)) {
            return false;
        }
        if (state.fetchedFiles.add(sha256)) {
            state.lastProgressNanos = System.nanoTime(); // asking for the same file again is no progress
        }
        return true;
    }

    /**
     * One round of liveness checks: every worker is pinged or, when silent for longer than
     * {@code heartbeatTimeout}, declared lost; a worker that made no progress towards its
     * assignment for the ready timeout loses it.
     */
    void heartbeat(Duration heartbeatTimeout) {
        List<WorkerConnection> connected;
        boolean serverWasPaused;
        synchronized (this) {
            long now = System.nanoTime();
            // when this check itself ran late, the server was paused (a long GC, a starved machine):
            // the workers' silence is the server's, so no one is declared lost this round
            serverWasPaused = lastHeartbeatNanos != 0 && now - lastHeartbeatNanos > heartbeatTimeout.toNanos() / 2;
            lastHeartbeatNanos = now;
            for (Map.Entry<WorkerConnection, WorkerState> entry : List.copyOf(workers.entrySet())) {
                WorkerState state = entry.getValue();
                if (!state.benched && state.assignedGeneration != state.readyGeneration
                        && now - state.lastProgressNanos > readyTimeout.toNanos()) {
                    LOG.warn("{} did not report assignment {} ready within {} s", entry.getKey().name(),
                            state.assignedGeneration, readyTimeout.toSeconds());
                    bench(entry.getKey(), state, "this worker did not load its shards within " + readyTimeout.toSeconds()
                            + " s and gets none until it reconnects");
                }
            }
            connected = List.copyOf(workers.keySet());
        }
        if (serverWasPaused) {
            LOG.info("the liveness check ran late; the server was paused, so the workers' silence is forgiven");
            connected.forEach(WorkerConnection::forgiveSilence);
        }
        connected.forEach(worker -> worker.heartbeat(heartbeatTimeout));
    }

    /**
     * The workers to run on, waiting up to {@code maxWait} while shards move between workers (after
     * one was lost); the last reason when they do not become available.
     */
    synchronized ClusterAvailability awaitSnapshot(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        ClusterAvailability availability = snapshot();
        while (availability instanceof ClusterAvailability.Unavailable) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || workers.isEmpty()) {
                return availability;
            }
            wait(Math.max(1, left / 1_000_000));
            availability = snapshot();
        }
        return availability;
    }

    /** The workers to run a distributed query on now, or why there are none. */
    synchronized ClusterAvailability snapshot() {
        if (workers.isEmpty()) {
            return new ClusterAvailability.Unavailable("no workers are connected");
        }
        List<ShardCover.Candidate<ClusterSnapshot.Member>> candidates = new ArrayList<>();
        Set<Integer> loaded = new HashSet<>();
        for (Map.Entry<WorkerConnection, WorkerState> entry : workers.entrySet()) {
            WorkerState state = entry.getValue();
            if (state.readyGeneration == 0 || state.readyShards.isEmpty() || state.readyVersion != manifest.version()) {
                continue; // nothing loaded yet, or the tables of an older catalog version
            }
            loaded.addAll(state.readyShards);
            candidates.add(new ShardCover.Candidate<>(new ClusterSnapshot.Member(entry.getKey(), state.readyGeneration),
                    state.readyShards, state.readyGeneration == state.assignedGeneration));
        }
        Set<Integer> missing = new TreeSet<>();
        for (int shard = 0; shard < manifest.shardCount(); shard++) {
            if (!loaded.contains(shard)) {
                missing.add(shard);
            }
        }
        if (!missing.isEmpty()) {
            return new ClusterAvailability.Unavailable("shard" + (missing.size() == 1 ? " " : "s ") + describe(missing)
                    + (missing.size() == 1 ? " is" : " are") + " not yet loaded by a worker (catalog version "
                    + manifest.version() + ", " + workers.size() + " connected)");
        }
        return ShardCover.choose(candidates, manifest.shardCount())
                .<ClusterAvailability>map(cover -> new ClusterSnapshot(
                        cover.stream().map(ShardCover.Candidate::worker).toList(), manifest.shardCount()))
                .orElse(new ClusterAvailability.Unavailable("shards are being moved between workers"));
    }

    /** What each connected worker is doing now, in the order they joined ({@code gizmo.workers}). */
    synchronized List<WorkerStatus> statuses() {
        Map<String, Long> fileSizes = new java.util.HashMap<>();
        manifest.replicated().files().forEach(file -> fileSizes.put(file.sha256(), file.sizeBytes()));
        manifest.shards().forEach(bundle -> bundle.files().forEach(file -> fileSizes.put(file.sha256(), file.sizeBytes())));
        List<WorkerStatus> statuses = new ArrayList<>();
        for (Map.Entry<WorkerConnection, WorkerState> entry : workers.entrySet()) {
            WorkerConnection worker = entry.getKey();
            WorkerState state = entry.getValue();
            boolean current = state.readyGeneration != 0 && state.readyVersion == manifest.version();
            Set<Integer> served = current ? state.readyShards : Set.of();
            Set<String> held = new HashSet<>(worker.cachedFiles());
            if (current) {
                manifest.replicated().files().forEach(file -> held.add(file.sha256()));
                served.forEach(shard -> manifest.shards().get(shard).files().forEach(file -> held.add(file.sha256())));
            }
            long bytesCached = held.stream().mapToLong(sha256 -> fileSizes.getOrDefault(sha256, 0L)).sum();
            statuses.add(new WorkerStatus(worker.name(), worker.address(), stateOf(state), served, bytesCached,
                    worker.duckdbMemoryBytes(), worker.lastHeard()));
        }
        return statuses;
    }

    private String stateOf(WorkerState state) {
        if (state.benched) {
            return "failed";
        }
        if (state.assignedGeneration == 0) {
            return "joining";
        }
        if (state.readyGeneration != state.assignedGeneration || state.readyVersion != manifest.version()) {
            return "loading";
        }
        return state.readyShards.isEmpty() ? "idle" : "ready";
    }

    /**
     * A new catalog version: every worker gets an assignment of the new files (it fetches only those
     * it lacks); until it confirms, queries run on the server.
     */
    synchronized void publish(ShardManifest next) {
        this.manifest = next;
        rebalance();
    }

    /**
     * Divides the shards among the workers and sends each worker whose share changed its new
     * assignment. A worker keeps a shard it is to give up until the shard's new owner has loaded
     * it (make before break): a joining worker, even one that never becomes ready, takes nothing
     * away from queries.
     */
    private void rebalance() {
        List<ShardAssigner.Candidate> candidates = new ArrayList<>();
        for (Map.Entry<WorkerConnection, WorkerState> entry : workers.entrySet()) {
            if (entry.getValue().benched) {
                continue;
            }
            candidates.add(new ShardAssigner.Candidate(entry.getKey().name(), entry.getValue().targetShards,
                    cachedShards(entry.getKey().cachedFiles())));
        }
        Map<String, Set<Integer>> assignment = ShardAssigner.assign(candidates, manifest.shardCount());
        for (Map.Entry<WorkerConnection, WorkerState> entry : workers.entrySet()) {
            if (!entry.getValue().benched) {
                entry.getValue().targetShards = Set.copyOf(assignment.getOrDefault(entry.getKey().name(), Set.of()));
            }
        }
        for (Map.Entry<WorkerConnection, WorkerState> entry : workers.entrySet()) {
            WorkerConnection worker = entry.getKey();
            WorkerState state = entry.getValue();
            if (state.benched) {
                continue;
            }
            boolean sameVersion = state.assignedGeneration != 0 && state.assignedVersion == manifest.version();
            Set<Integer> shards = new TreeSet<>(state.targetShards);
            if (sameVersion) {
                state.assignedShards.stream().filter(shard -> !state.targetShards.contains(shard))
                        .filter(shard -> !readyOnItsTarget(shard)).forEach(shards::add);
            }
            if (sameVersion && shards.equals(state.assignedShards)) {
                continue;
            }
            assign(worker, state, shards);
        }
    }

    /** True when the worker meant to serve {@code shard} has it loaded and nothing else on its way. */
    private boolean readyOnItsTarget(int shard) {
        return workers.values().stream().anyMatch(state -> !state.benched && state.targetShards.contains(shard)
                && state.readyShards.contains(shard) && state.readyGeneration == state.assignedGeneration
                && state.readyVersion == manifest.version());
    }

    private void assign(WorkerConnection worker, WorkerState state, Set<Integer> shards) {
        state.assignedGeneration = nextGeneration++;
        state.assignedShards = Set.copyOf(shards);
        state.assignedVersion = manifest.version();
        state.lastProgressNanos = System.nanoTime();
        state.fetchedFiles = new HashSet<>();
        List<ShardBundle> bundles = new ArrayList<>();
        bundles.add(manifest.replicated());
        shards.stream().sorted().forEach(shard -> bundles.add(manifest.shards().get(shard)));
        state.assignedFiles = bundles.stream().flatMap(b -> b.files().stream()).map(ShardFile::sha256)
                .collect(Collectors.toUnmodifiableSet());
        long generation = state.assignedGeneration;
        List<io.gizmoedge.catalog.TableDefinition> tables = manifest.tables();
        Set<String> catalogFiles = manifest.fileDigests();
        LOG.info("assigning shards {} to {} (assignment {})", new TreeSet<>(shards), worker.name(), generation);
        assignmentSender.execute(() -> {
            try {
                worker.assign(generation, tables, bundles, catalogFiles);
            } catch (IOException e) {
                LOG.warn("could not send the assignment to {}: {}", worker.name(), e.getMessage());
            }
        });
    }

    private Set<Integer> cachedShards(Set<String> cachedFiles) {
        Set<Integer> shards = new HashSet<>();
        for (ShardBundle bundle : manifest.shards()) {
            if (bundle.files().stream().map(ShardFile::sha256).allMatch(cachedFiles::contains)) {
                shards.add(bundle.id());
            }
        }
        return shards;
    }

    private static String describe(Set<Integer> shards) {
        return shards.stream().limit(12).map(String::valueOf).collect(Collectors.joining(", "))
                + (shards.size() > 12 ? ", ..." : "");
    }

    @Override
    public void close() {
        assignmentSender.shutdownNow();
    }
}
