package io.gizmoedge.worker;

import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.DuckDbQueryRunner;
import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.security.PemKeyStores;
import io.gizmoedge.transport.BasicCredentials;
import io.gizmoedge.transport.ConnectionFailedException;
import io.gizmoedge.transport.KeepAlive;
import io.gizmoedge.transport.TlsContexts;
import io.gizmoedge.transport.WebSocketConnector;
import java.io.IOException;
import java.sql.SQLException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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
    private final ServingState serving = new ServingState();
    private final WorkerDatabase database;
    private final StageRunner stages;
    private final StageInputs stageInputs;
    private final Peers peers;
    private final ShardLoader loader;
    private final WebSocketConnector connector;
    private volatile boolean closed;

    public GizmoEdgeWorker(WorkerConfig config) throws IOException {
        this.config = config;
        this.cache = new ShardCache(config.dataDirectory());
        this.downloads = new FileDownloads(cache);
        try {
            this.database = WorkerDatabase.open(config.dataDirectory(), config.duckDb(), allocator);
        } catch (SQLException e) {
            allocator.close();
            throw new IOException("cannot open the worker's tables in " + config.dataDirectory() + ": "
                    + DuckDbErrors.oneLine(e), e);
        }
        DuckDbQueryRunner queryRunner = new DuckDbQueryRunner(allocator, config.maxMessageBytes() - BinaryFrame.HEADER_BYTES);
        this.stageInputs = new StageInputs(this::newStageInputs);
        try {
            this.peers = new Peers(config.advertiseAddress(), stageInputs, codec, config.maxMessageBytes(), config.pingTimeout());
        } catch (IOException e) {
            closeDatabase();
            allocator.close();
            throw e;
        }
        this.stages = new StageRunner(config.workerName(), database, serving, queryRunner, peers);
        this.loader = new ShardLoader(cache, downloads, database, serving, stages);
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
            ServerLink link = new ServerLink(codec, this::hello, loader, downloads, stages, stageInputs, peers);
            try {
                Session session = connector.connect(link, config.serverHostname(), config.serverPort(), "/worker",
                        new BasicCredentials(config.username(), config.password()));
                LOG.info("connected to {}:{} as {}", config.serverHostname(), config.serverPort(), config.workerName());
                announcedWait = false;
                try (KeepAlive ignored = new KeepAlive(session, config.pingTimeout());
                        Heartbeats heartbeats = new Heartbeats(link::send, database::memoryInUseBytes, Heartbeats.PERIOD)) {
                    link.awaitClose();
                }
                downloads.failAll("the connection to the server closed");
                stages.cancelAll("the connection to the server closed");
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

    private Message.WorkerHello hello() throws IOException {
        return new Message.WorkerHello(config.workerName(), cache.presentHashes(),
                config.duckDb().threads() > 0 ? config.duckDb().threads() : Runtime.getRuntime().availableProcessors(),
                peers.endpoint().orElse(null));
    }

    private ReceivedInputs newStageInputs() {
        return stages.receiveInputs();
    }

    @Override
    public void close() {
        closed = true;
        connector.close();
        loader.close();
        stages.close();
        peers.close();
        stageInputs.dropAll();
        serving.clear();
        closeDatabase();
        allocator.close();
    }

    private void closeDatabase() {
        try {
            database.close();
        } catch (SQLException e) {
            LOG.warn("closing the database failed: {}", e.getMessage());
        }
    }
}
