package io.gizmoedge.server;

import io.gizmoedge.catalog.Directories;
import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.engine.DaemonThreads;
import io.gizmoedge.engine.DuckDbQueryRunner;
import io.gizmoedge.engine.TableStore;
import io.gizmoedge.flight.FlightSqlEndpoint;
import io.gizmoedge.loading.DataStatementParser;
import io.gizmoedge.loading.FileSources;
import io.gizmoedge.loading.S3ObjectFetcher;
import io.gizmoedge.loading.StagedArrowRows;
import io.gizmoedge.loading.TableLoader;
import io.gizmoedge.engine.TextTableEncoder;
import io.gizmoedge.planner.PlanCache;
import io.gizmoedge.planner.QueryPlanner;
import io.gizmoedge.planner.QueryRefusedException;
import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.querylog.QueryLogWriter;
import io.gizmoedge.security.LoginThrottle;
import io.gizmoedge.security.PasswordCheckPool;
import io.gizmoedge.security.PasswordLogin;
import io.gizmoedge.security.PemKeyStores;
import io.gizmoedge.security.Role;
import io.gizmoedge.security.UserList;
import io.gizmoedge.transport.PendingUpgradeLimit;
import io.gizmoedge.transport.TlsContexts;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gizmo Edge server: one TLS port with WebSocket paths /client and /worker, the catalog from
 * the shard manifest, the worker pool, and the query coordinator.
 */
public final class GizmoEdgeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GizmoEdgeServer.class);
    private static final int PLAN_CACHE_CAPACITY = 512;
    /** Shard files sent to workers at once, over all workers. */
    private static final int FILE_TRANSFER_THREADS = 4;
    /** Runs of a distributed query that may lose a worker before it fails. */
    private static final int QUERY_ATTEMPTS = 3;
    /** How long a query that lost a worker waits for the shards to be served again before it runs on the server. */
    private static final Duration REASSIGNMENT_WAIT = Duration.ofSeconds(30);
    /** A last stage's answer kept in memory per query before the rest goes to a spool file. */
    private static final long SPOOL_MEMORY_BYTES = 32L * 1024 * 1024;
    /** A Flight SQL session (its bearer token) unused this long expires. */
    private static final Duration FLIGHT_SESSION_IDLE_TIMEOUT = Duration.ofHours(1);

    private final BufferAllocator allocator = new RootAllocator();
    private final ExecutorService queryExecutor;
    private final ExecutorService background;
    private final ScheduledExecutorService heartbeats =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("worker-heartbeat"));
    private final QueryTimeouts timeouts;
    private final TableStore store;
    private final WorkerPool workers;
    private final Server jetty;
    private final CatalogVersions versions;
    /** The client sessions and queries of every transport (what gizmo.sessions, gizmo.queries and gizmo.cancel use). */
    private final SessionRegistry sessions;
    private final Optional<S3ObjectFetcher> s3;
    private final PasswordCheckPool passwordChecks;
    private final PasswordLogin login;
    private final CoordinatorQueryBackend flightBackend;
    private final ServerConfig config;
    private Optional<FlightSqlEndpoint> flight = Optional.empty();

    private GizmoEdgeServer(ServerConfig config) throws IOException, SQLException {
        UserList users = UserList.read(config.userListFile());
        ShardManifest manifest = ManifestFile.read(config.shardManifestFile());
        Path manifestDirectory = config.shardManifestFile().toAbsolutePath().getParent();
        TableLoader loader = new TableLoader(manifestDirectory, config.duckDb(), allocator);
        this.store = TableStore.open(config.databaseFile(), config.duckDb(), allocator);
        try (TableStore.Change change = store.prepare(manifest, manifestDirectory)) {
            change.commit(); // the server's copy follows the manifest, also after a crash between the two
            if (change.filesLoaded() > 0) {
                LOG.info("loaded {} shard files into the server's copy {}", change.filesLoaded(), config.databaseFile());
            }
        } catch (SQLException e) {
            store.close();
            throw e;
        }
        loader.pruneUnreferenced(manifest);
        ServerDatabase database = ServerDatabase.over(store);
        this.s3 = config.s3().map(S3ObjectFetcher::new);
        this.workers = new WorkerPool(manifest, config.deadlines().workerReadyTimeout());
        this.queryExecutor = Executors.newCachedThreadPool(DaemonThreads.named("query"));
        this.background = Executors.newFixedThreadPool(FILE_TRANSFER_THREADS, DaemonThreads.named("shard-transfer"));
        this.timeouts = new QueryTimeouts(config.deadlines().queryTimeout());
        Path spoolDirectory = config.databaseFile().toAbsolutePath().getParent().resolve("spool");
        Directories.deleteRecursively(spoolDirectory); // answers of queries that ran before a crash
        MessageCodec codec = new MessageCodec();
        this.sessions = new SessionRegistry(new QueryRegistry(QueryRegistry.DEFAULT_FINISHED_KEPT, InstantSource.system()),
                InstantSource.system());
        this.versions = new CatalogVersions(manifest,
                version -> new PlanCache(new QueryPlanner(version, database::describe, config.planner()), PLAN_CACHE_CAPACITY));
        DuckDbQueryRunner queryRunner = new DuckDbQueryRunner(allocator, config.maxMessageBytes() - BinaryFrame.HEADER_BYTES);
        TextTableEncoder textTables = new TextTableEncoder(allocator, config.maxMessageBytes() - BinaryFrame.HEADER_BYTES);
        FileSources fileSources = new FileSources(config.importPaths(), s3.map(FileSources.ObjectFetcher.class::cast));
        DataStatementRunner dataStatements = new DataStatementRunner(versions, store, database, loader, fileSources,
                workers, config.shardManifestFile(), config.duckDb(), queryRunner, textTables);
        QueryCoordinator coordinator = new QueryCoordinator(versions, dataStatements, workers, database, queryRunner, textTables,
                timeouts, new QueryCoordinator.Failover(QUERY_ATTEMPTS, REASSIGNMENT_WAIT, spoolDirectory, SPOOL_MEMORY_BYTES),
                new StageScheduler(config.maxQueryMemoryBytes(), config.maxTotalQueryMemoryBytes()), sessions.queries(),
                new ClusterStateRows(sessions, workers, new ShardFileRows(store, manifestDirectory)),
                new FinishedQueryLog(config.queryLog().map(QueryLogWriter::new), InstantSource.system()));
        ClientImport.Services imports = new ClientImport.Services(dataStatements, new DataStatementParser(),
                () -> StagedArrowRows.open(loader, config.duckDb(), allocator), config.maxMessageBytes());
        ShardFileServer fileServer = new ShardFileServer(manifestDirectory, config.maxMessageBytes());
        this.passwordChecks = PasswordCheckPool.withThreads(config.authentication().passwordCheckThreads());
        this.config = config;
        this.flightBackend = new CoordinatorQueryBackend(coordinator, database, versions, allocator, sessions);
        this.login = new PasswordLogin(users,
                new LoginThrottle(LoginThrottle.Policy.DEFAULT, InstantSource.system()), passwordChecks);
        String peerSecret = newPeerSecret();
        UpgradeAuthenticator authenticator = new UpgradeAuthenticator(login, config.authentication().workerClientCa().isPresent());

        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("jetty");
        this.jetty = new Server(threads);
        jetty.addConnector(connector(jetty, config));
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(jetty, container -> {
            container.setMaxBinaryMessageSize(config.maxMessageBytes());
            container.setMaxTextMessageSize(config.maxMessageBytes());
            container.setIdleTimeout(config.pingTimeout());
            container.addMapping("/client", (request, response, callback) -> authenticator
                    .admit(request, response, callback, Role.CLIENT)
                    .map(account -> new ClientConnection(codec, coordinator, imports, queryExecutor, sessions,
                            new Caller(account.name(), account.role()), config.deadlines().clientWriteTimeout()))
                    .orElse(null));
            container.addMapping("/worker", (request, response, callback) -> authenticator
                    .admit(request, response, callback, Role.WORKER)
                    .map(account -> new WorkerConnection(codec, workers, fileServer, background,
                            String.valueOf(request.getConnectionMetaData().getRemoteSocketAddress()), peerSecret))
                    .orElse(null));
        });
        jetty.setHandler(config.tls().isPresent() ? new PlainHttpRefusal(webSockets) : webSockets);
        long beatMillis = Math.max(200, config.deadlines().workerHeartbeatTimeout().toMillis() / 5);
        heartbeats.scheduleWithFixedDelay(() -> workers.heartbeat(config.deadlines().workerHeartbeatTimeout()),
                beatMillis, beatMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * The registry of client sessions and their queries: a transport other than the WebSocket one
     * registers its sessions and queries here, so that gizmo.sessions, gizmo.queries and gizmo.cancel
     * cover them too.
     */
    public SessionRegistry sessions() {
        return sessions;
    }

    /** A secret workers present to each other's peer endpoints: 256 random bits, new with each server start. */
    private static String newPeerSecret() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Reads the user list, manifest and database, then starts listening. */
    public static GizmoEdgeServer start(ServerConfig config) throws IOException, SQLException {
        GizmoEdgeServer server = new GizmoEdgeServer(config);
        try {
            server.jetty.start();
        } catch (Exception e) {
            server.close();
            throw new IOException("cannot listen on port " + config.port() + ": " + e.getMessage(), e);
        }
        if (config.flightPort() != 0) {
            try {
                server.flight = Optional.of(server.startFlight());
            } catch (IOException e) {
                server.close();
                throw e;
            }
        }
        server.warmUpPlanner();
        LOG.info("Gizmo Edge server listening on {}://{}:{} (paths /client and /worker)",
                config.tls().isPresent() ? "wss" : "ws", config.bindHost(), server.port());
        if (config.tls().isEmpty()) {
            LOG.warn("TLS is off: passwords and data travel in clear text");
        }
        return server;
    }

    private FlightSqlEndpoint startFlight() throws IOException {
        Optional<FlightSqlEndpoint.TlsFiles> tls = config.tls()
                .map(files -> new FlightSqlEndpoint.TlsFiles(files.certificate(), files.privateKey()));
        String version = GizmoEdgeServer.class.getPackage().getImplementationVersion();
        FlightSqlEndpoint.Settings settings = new FlightSqlEndpoint.Settings(config.bindHost(), config.flightPort(), tls,
                FLIGHT_SESSION_IDLE_TIMEOUT, version == null ? "development build" : version);
        return FlightSqlEndpoint.start(settings, flightBackend, login, allocator);
    }

    /** The Flight SQL port actually bound, when Flight SQL is served. */
    public Optional<Integer> flightPort() {
        return flight.map(FlightSqlEndpoint::port);
    }

    /**
     * Plans one query per table in the background, so that the first client query does not pay
     * for Calcite's cold start (class loading and code generation take seconds).
     */
    private void warmUpPlanner() {
        Thread warmUp = new Thread(() -> {
            long started = System.nanoTime();
            CatalogVersions.Version version = versions.current();
            for (TableDefinition table : version.manifest().tables()) {
                try {
                    version.plans().plan("SELECT count(*) FROM " + table.name());
                } catch (QueryRefusedException | RuntimeException e) {
                    LOG.debug("warm-up query on {} failed: {}", table.name(), e.toString());
                }
            }
            LOG.info("planner warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
        }, "planner-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** The port actually bound (useful when the configured port is 0). */
    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /**
     * Connections counted as waiting to authenticate (TLS handshake, request, password check), those
     * bounded by {@code --max-unauthenticated-connections}.
     */
    public int connectionsWaitingToAuthenticate() {
        return jetty.getConnectors()[0].getEventListeners().stream()
                .filter(PendingUpgradeLimit.class::isInstance)
                .mapToInt(listener -> ((PendingUpgradeLimit) listener).pendingCount())
                .sum();
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    /**
     * The one listener. With TLS, Jetty's TLS detection sends bytes that are not TLS on to plain HTTP,
     * where {@link PlainHttpRefusal} answers 400. Connections that have not yet upgraded are bounded
     * in number and time by {@link PendingUpgradeLimit}.
     */
    private static ServerConnector connector(Server jetty, ServerConfig config) throws IOException {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        HttpConnectionFactory plain = new HttpConnectionFactory(http);
        ServerConnector connector;
        if (config.tls().isPresent()) {
            ServerConfig.TlsFiles files = config.tls().get();
            var keyStore = PemKeyStores.serverKeyStore(files.certificate(), files.privateKey());
            var workerRoots = config.authentication().workerClientCa().isPresent()
                    ? Optional.of(PemKeyStores.trustStore(List.of(config.authentication().workerClientCa().get())))
                    : Optional.<java.security.KeyStore>empty();
            var ssl = TlsContexts.server(keyStore, new String(PemKeyStores.inMemoryKeyPassword()), workerRoots);
            http.addCustomizer(new SecureRequestCustomizer(false));
            SslConnectionFactory tls = new SslConnectionFactory(ssl, plain.getProtocol());
            connector = new ServerConnector(jetty, new DetectorConnectionFactory(tls), plain);
        } else {
            connector = new ServerConnector(jetty, plain);
        }
        connector.setHost(config.bindHost());
        connector.setPort(config.port());
        ServerConfig.Authentication authentication = config.authentication();
        connector.addEventListener(new PendingUpgradeLimit(authentication.maxUnauthenticatedConnections(),
                authentication.maxUnauthenticatedPerAddress(), authentication.timeout(), connector.getScheduler(),
                "--authentication-timeout"));
        return connector;
    }

    @Override
    public void close() {
        flight.ifPresent(FlightSqlEndpoint::close);
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping the listener failed: {}", e.toString());
        }
        heartbeats.shutdownNow();
        queryExecutor.shutdownNow();
        background.shutdownNow();
        timeouts.close();
        passwordChecks.close();
        workers.close();
        s3.ifPresent(S3ObjectFetcher::close);
        try {
            store.close();
        } catch (SQLException e) {
            LOG.warn("closing the database failed: {}", e.getMessage());
        }
        allocator.close();
    }
}
