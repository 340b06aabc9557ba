package io.gizmoedge.worker;

import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.engine.DaemonThreads;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.TableStore;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.transport.FrameSender;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the assignments the server sends, one after another on one thread: fetches the files the
 * cache lacks, appends them to the worker's tables, makes the new assignment the one stages run
 * on, reports ready, and deletes cached files the catalog no longer lists. An assignment replaced
 * by a newer one before it is loaded is abandoned.
 */
final class ShardLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ShardLoader.class);
    /** How long a new assignment waits for running stages of the old one before it stops them. */
    private static final Duration STAGE_GRACE = Duration.ofSeconds(1);
    /** Files asked for at once; the server serves a worker a bounded number at a time. */
    private static final int FILES_IN_FLIGHT = 4;

    private final ShardCache cache;
    private final FileDownloads downloads;
    private final WorkerDatabase database;
    private final ServingState serving;
    private final StageRunner stages;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(DaemonThreads.named("shard-loader"));
    private final AtomicLong latestAssignment = new AtomicLong();

    ShardLoader(ShardCache cache, FileDownloads downloads, WorkerDatabase database, ServingState serving,
            StageRunner stages) {
        this.cache = cache;
        this.downloads = downloads;
        this.database = database;
        this.serving = serving;
        this.stages = stages;
    }

    /** Loads {@code assign} in the background; files are asked for and readiness reported on {@code sender}. */
    void accept(Message.AssignShards assign, FrameSender sender) {
        latestAssignment.set(assign.generation());
        loader.execute(() -> load(assign, sender));
    }

    private void load(Message.AssignShards assign, FrameSender sender) {
        long generation = assign.generation();
        if (latestAssignment.get() != generation) {
            return; // superseded before it started
        }
        try {
            ServedContent content = ServedContent.of(assign.tables(), assign.bundles());
            List<Integer> shardIds = assign.bundles().stream().filter(b -> !b.isReplicated()).map(ShardBundle::id).toList();
            if (serving.reuse(generation, content)) {
                LOG.info("assignment {} holds the shards already loaded", generation);
            } else {
                fetchMissing(assign.bundles(), sender, generation);
                if (latestAssignment.get() != generation) {
                    return;
                }
                try {
                    loadAndServe(assign, content, shardIds);
                } catch (SQLException e) {
                    List<String> files = assign.bundles().stream().flatMap(b -> b.files().stream()).map(ShardFile::sha256)
                            .toList();
                    if (cache.recheck(files) == 0) {
                        throw e;
                    }
                    LOG.warn("cached shard files were damaged on disk ({}); fetching them again", DuckDbErrors.oneLine(e));
                    fetchMissing(assign.bundles(), sender, generation);
                    loadAndServe(assign, content, shardIds);
                }
            }
            sender.send(new Message.ShardsReady(generation, shardIds));
            pruneCache(assign.catalogFiles());
        } catch (IOException | SQLException | ExecutionException e) {
            String reason = e instanceof SQLException sql ? DuckDbErrors.oneLine(sql)
                    : e instanceof ExecutionException ? e.getCause().getMessage() : e.getMessage();
            LOG.warn("could not load assignment {}: {}", generation, reason);
            sender.sendQuietly(new Message.ShardsFailed(generation, reason));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loadAndServe(Message.AssignShards assign, ServedContent content, List<Integer> shardIds)
            throws SQLException, InterruptedException {
        long started = System.nanoTime();
        try (TableStore.Change change = database.prepare(assign.tables(), assign.bundles(), cache::pathOf)) {
            serving.swap(assign.generation(), content, change, STAGE_GRACE,
                    () -> stages.cancelAll("its shards are being re-assigned"));
            LOG.info("serving shards {} of {} tables ({} new files loaded) in {} ms", shardIds, assign.tables().size(),
                    change.filesLoaded(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void fetchMissing(List<ShardBundle> bundles, FrameSender sender, long generation)
            throws IOException, ExecutionException, InterruptedException {
        List<String> missing = new ArrayList<>();
        for (ShardBundle bundle : bundles) {
            for (ShardFile file : bundle.files()) {
                if (!cache.holdsVerified(file.sha256())) {
                    missing.add(file.sha256());
                }
            }
        }
        if (!missing.isEmpty()) {
            LOG.info("fetching {} shard files from the server", missing.size());
        }
        java.util.ArrayDeque<CompletableFuture<Path>> inFlight = new java.util.ArrayDeque<>();
        for (String sha256 : missing) {
            if (latestAssignment.get() != generation) {
                return;
            }
            if (inFlight.size() == FILES_IN_FLIGHT) {
                inFlight.removeFirst().get();
            }
            FileDownloads.Started download = downloads.start(sha256);
            sender.send(new Message.FetchFile(download.transferId(), sha256));
            inFlight.addLast(download.file());
        }
        for (CompletableFuture<Path> file : inFlight) {
            file.get();
        }
    }

    /** Deletes cached files that the catalog no longer lists; the loaded tables do not read them. */
    private void pruneCache(Set<String> catalogFiles) {
        try {
            int deleted = cache.retainOnly(catalogFiles);
            if (deleted > 0) {
                LOG.info("deleted {} cached shard files the catalog no longer lists", deleted);
            }
        } catch (IOException e) {
            LOG.warn("could not prune the shard cache: {}", e.getMessage());
        }
    }

    void close() {
        loader.shutdownNow();
    }
}
