package io.gizmoedge.worker;

import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.engine.DaemonThreads;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.DuckDbQueryRunner;
import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.MalformedMessageException;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.security.PemKeyStores;
import io.gizmoedge.transport.BasicCredentials;
import io.gizmoedge.transport.ConnectionFailedException;
import io.gizmoedge.transport.FrameSender;
import io.gizmoedge.transport.KeepAlive;
import io.gizmoedge.transport.TlsContexts;
import io.gizmoedge.transport.WebSocketConnector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Gizmo Edge worker: connects out to the server, receives and verifies the shards it is
 * assigned, loads them into DuckDB, and answers the stages the server sends. It reconnects when
 * the connection drops, keeping its cache and, when the assignment is unchanged, its loaded data.
 */
public final class GizmoEdgeWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GizmoEdgeWorker.class);

    private final WorkerConfig config;
    private final MessageCodec codec = new MessageCodec();
    private final ShardCache cache;
    private final FileDownloads downloads;
    private final BufferAllocator allocator = new RootAllocator();
    private final DuckDbQueryRunner queryRunner;
    /** Input tables of stages that are about to run, by request id, as their frames arrive. */
    private final Map<Long, Map<String, List<byte[]>>> stageInputs = new ConcurrentHashMap<>();
    private final ExecutorService loader = Executors.newSingleThreadExecutor(DaemonThreads.named("shard-loader"));
    private final ExecutorService stages = Executors.newCachedThreadPool(DaemonThreads.named("stage"));
    private final ReadWriteLock servingLock = new ReentrantReadWriteLock();
    private final AtomicLong latestAssignment = new AtomicLong();
    private final WebSocketConnector connector;
    private Serving serving;
    private final WorkerDatabase database;
    /** The connection the worker serves on; an abandoned attempt that opens late must not disturb it. */
    private volatile ServerLink currentLink;
    private volatile boolean closed;

    /** The assignment the database answers for, and what it holds. */
    private record Serving(long generation, ServedContent content) {
    }

    public GizmoEdgeWorker(WorkerConfig config) throws IOException {
        this.config = config;
        this.cache = new ShardCache(config.dataDirectory());
        this.downloads = new FileDownloads(cache);
        this.queryRunner = new DuckDbQueryRunner(allocator, config.maxMessageBytes() - BinaryFrame.HEADER_BYTES);
        try {
            this.database = WorkerDatabase.open(config.dataDirectory(), config.duckDb(), allocator);
        } catch (SQLException e) {
            throw new IOException("cannot open the worker's tables in " + config.dataDirectory() + ": "
                    + DuckDbErrors.oneLine(e), e);
        }
        var trust = PemKeyStores.trustStoreIfGiven(config.tlsRoots());
        this.connector = new WebSocketConnector(config.tls(), TlsContexts.client(trust, config.tlsVerify(),
                PemKeyStores.identityIfGiven(config.clientCertificate()), new String(PemKeyStores.inMemoryKeyPassword())),
                config.maxMessageBytes(), config.pingTimeout(), "worker-websocket");
    }

    /**
     * Connects and serves until {@link #close()}, reconnecting after failures. Returns normally
     * when closed; throws when the server refuses the credentials (retrying cannot help).
     */
    public void run() throws ConnectionFailedException, InterruptedException {
        boolean announcedWait = false;
        while (!closed) {
            ServerLink link = new ServerLink();
            try {
                Session session = connector.connect(link, config.serverHostname(), config.serverPort(), "/worker",
                        new BasicCredentials(config.username(), config.password()));
                announcedWait = false;
                try (KeepAlive ignored = new KeepAlive(session, config.pingTimeout())) {
                    link.closed.await();
                }
            } catch (ConnectionFailedException e) {
                if (e.refusedByServer()) {
                    throw e;
                }
                if (!announcedWait) {
                    LOG.warn("{}; retrying every {} s", e.getMessage(), config.reconnectDelay().toSeconds());
                    announcedWait = true;
                }
            }
            if (!closed) {
                Thread.sleep(config.reconnectDelay().toMillis());
            }
        }
    }

    /** The end of the link to the server for one connection. */
    /** Public because Jetty calls the listener through method handles. */
    public final class ServerLink implements Session.Listener.AutoDemanding {
        final CountDownLatch closed = new CountDownLatch(1);
        volatile FrameSender sender;

        @Override
        public void onWebSocketOpen(Session session) {
            sender = new FrameSender(session, codec);
            currentLink = this;
            LOG.info("connected to {}:{} as {}", config.serverHostname(), config.serverPort(), config.workerName());
            try {
                sender.send(new Message.WorkerHello(config.workerName(), cache.presentHashes(),
                        config.duckDb().threads() > 0 ? config.duckDb().threads() : Runtime.getRuntime().availableProcessors()));
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
                latestAssignment.set(assign.generation());
                loader.execute(() -> load(assign, this));
            } else if (message instanceof Message.FileComplete complete) {
                downloads.complete(complete.transferId(), complete.sizeBytes());
            } else if (message instanceof Message.FileFailed failed) {
                downloads.fail(failed.transferId(), failed.message());
            } else if (message instanceof Message.RunStage stage) {
                Map<String, List<byte[]>> received = stageInputs.remove(stage.requestId());
                stages.execute(() -> runStage(stage, received == null ? Map.of() : received, sender));
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
                    stageInputs.computeIfAbsent(frame.id(), id -> new ConcurrentHashMap<>())
                            .computeIfAbsent(chunk.tableName(), name -> new ArrayList<>())
                            .add(chunk.arrowPayload());
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
            if (currentLink == this) {
                downloads.failAll("the connection to the server closed");
                stageInputs.clear();
            }
            closed.countDown();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            LOG.debug("connection error: {}", cause.toString());
        }
    }

    private void load(Message.AssignShards assign, ServerLink link) {
        long generation = assign.generation();
        if (latestAssignment.get() != generation) {
            return; // superseded before it started
        }
        try {
            ServedContent content = ServedContent.of(assign.tables(), assign.bundles());
            List<Integer> shardIds = assign.bundles().stream().filter(b -> !b.isReplicated()).map(ShardBundle::id).toList();
            if (reuseLoaded(generation, content)) {
                LOG.info("assignment {} holds the shards already loaded", generation);
            } else {
                fetchMissing(assign.bundles(), link, generation);
                if (latestAssignment.get() != generation) {
                    return;
                }
                long started = System.nanoTime();
                try (io.gizmoedge.engine.TableStore.Change change = database.prepare(assign.tables(), assign.bundles(),
                        cache::pathOf)) {
                    swap(new Serving(generation, content), change);
                    LOG.info("serving shards {} of {} tables ({} new files loaded) in {} ms", shardIds, assign.tables().size(),
                            change.filesLoaded(), (System.nanoTime() - started) / 1_000_000);
                }
            }
            link.sender.send(new Message.ShardsReady(generation, shardIds));
            pruneCache(assign.catalogFiles());
        } catch (IOException | SQLException | ExecutionException e) {
            String reason = e instanceof SQLException sql ? DuckDbErrors.oneLine(sql)
                    : e instanceof ExecutionException ? e.getCause().getMessage() : e.getMessage();
            LOG.warn("could not load assignment {}: {}", generation, reason);
            link.sender.sendQuietly(new Message.ShardsFailed(generation, reason));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private boolean reuseLoaded(long generation, ServedContent content) {
        servingLock.writeLock().lock();
        try {
            if (serving != null && serving.content().equals(content)) {
                serving = new Serving(generation, content);
                return true;
            }
            return false;
        } finally {
            servingLock.writeLock().unlock();
        }
    }

    private void fetchMissing(List<ShardBundle> bundles, ServerLink link, long generation)
            throws IOException, ExecutionException, InterruptedException {
        List<CompletableFuture<Path>> pending = new ArrayList<>();
        for (ShardBundle bundle : bundles) {
            for (ShardFile file : bundle.files()) {
                if (latestAssignment.get() != generation) {
                    return;
                }
                if (!cache.holdsVerified(file.sha256())) {
                    FileDownloads.Started download = downloads.start(file.sha256());
                    link.sender.send(new Message.FetchFile(download.transferId(), file.sha256()));
                    pending.add(download.file());
                }
            }
        }
        if (!pending.isEmpty()) {
            LOG.info("fetching {} shard files from the server", pending.size());
        }
        for (CompletableFuture<Path> file : pending) {
            file.get();
        }
    }

    /** Makes the prepared tables visible and serves the new assignment, while no stage runs. */
    private void swap(Serving next, io.gizmoedge.engine.TableStore.Change change) throws SQLException {
        servingLock.writeLock().lock();
        try {
            serving = null; // if the commit fails, no stage runs on tables of unknown contents
            change.commit();
            serving = next;
        } finally {
            servingLock.writeLock().unlock();
        }
    }

    private void runStage(Message.RunStage stage, Map<String, List<byte[]>> received, FrameSender sender) {
        servingLock.readLock().lock();
        try {
            if (serving == null || serving.generation() != stage.generation()) {
                sender.sendQuietly(new Message.StageFailed(stage.requestId(), config.workerName()
                        + " no longer serves the shards the query was planned for; run the query again"));
                return;
            }
            List<ArrowTable> inputs = new ArrayList<>();
            for (String name : stage.inputs()) {
                List<byte[]> payloads = received.get(name);
                if (payloads == null) {
                    sender.sendQuietly(new Message.StageFailed(stage.requestId(), "input table " + name
                            + " of the stage did not arrive at " + config.workerName()));
                    return;
                }
                inputs.add(new ArrowTable(name, payloads));
            }
            long started = System.nanoTime();
            try (DuckDBConnection connection = database.newConnection()) {
                long count = queryRunner.run(connection, stage.sql(), inputs,
                        payload -> sender.sendBinary(BinaryFrame.Kind.ARROW, stage.requestId(), payload));
                sender.send(new Message.StageComplete(stage.requestId(), count));
                LOG.debug("stage {}: {} rows in {} ms", stage.requestId(), count, (System.nanoTime() - started) / 1_000_000);
            }
        } catch (SQLException e) {
            sender.sendQuietly(new Message.StageFailed(stage.requestId(), DuckDbErrors.oneLine(e)));
        } catch (IOException e) {
            LOG.warn("could not send the result of stage {}: {}", stage.requestId(), e.getMessage());
            sender.sendQuietly(new Message.StageFailed(stage.requestId(), "the worker could not send its result: " + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("stage {} hit an internal error", stage.requestId(), e);
            sender.sendQuietly(new Message.StageFailed(stage.requestId(), config.workerName()
                    + " could not run its part of the query because of an internal error; the worker's log has the details"));
        } finally {
            servingLock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        connector.close();
        loader.shutdownNow();
        stages.shutdownNow();
        servingLock.writeLock().lock();
        try {
            serving = null;
            database.close();
        } catch (SQLException e) {
            LOG.warn("closing the database failed: {}", e.getMessage());
        } finally {
            servingLock.writeLock().unlock();
        }
        allocator.close();
    }
}
