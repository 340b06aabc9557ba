package io.gizmoedge.cli;

import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.security.PasswordCheckPool;
import io.gizmoedge.server.GizmoEdgeServer;
import io.gizmoedge.planner.PlannerSettings;
import io.gizmoedge.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gizmo-edge server}: serves clients and workers on one TLS port. */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Start the server: clients connect to /client, workers to /worker, on one TLS port.")
public final class ServerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "${env:SERVER_PORT:-8765}", description = "TCP port (default: ${DEFAULT-VALUE}; env SERVER_PORT).")
    int port;

    @Option(names = "--flight-port", defaultValue = "${env:FLIGHT_PORT:-31337}", description = "TCP port of the Arrow Flight SQL endpoint (gRPC, same TLS and users); 0 for none (default: ${DEFAULT-VALUE}; env FLIGHT_PORT).")
    int flightPort;

    @Option(names = "--bind-host", defaultValue = "${env:SERVER_BIND_HOST:-0.0.0.0}", description = "Address to listen on (default: ${DEFAULT-VALUE}; env SERVER_BIND_HOST).")
    String bindHost;

    private static final List<Path> DEFAULT_TLS_FILES = List.of(Path.of("tls/server.crt"), Path.of("tls/server.key"));

    @Option(names = "--tls", arity = "2", paramLabel = "FILE",
            description = "PEM certificate and key (default: tls/server.crt tls/server.key; env TLS as 'CERT KEY').")
    List<Path> tls;

    @Option(names = "--no-tls", defaultValue = "${env:NO_TLS:-false}", description = "Serve plain WebSockets (testing only; passwords travel in clear text).")
    boolean noTls;

    @Option(names = "--user-list-filename", defaultValue = "${env:USER_LIST_FILENAME:-data/users.json}", description = "User list written by bootstrap (default: ${DEFAULT-VALUE}).")
    Path userListFile;

    @Option(names = "--database-file", defaultValue = "${env:DATABASE_FILE:-data/server.duckdb}", description = "The server's copy of every table, kept in step with the manifest (default: ${DEFAULT-VALUE}).")
    Path databaseFile;

    @Option(names = "--shard-manifest-file", defaultValue = "${env:SHARD_MANIFEST_FILE:-data/shards/manifest.json}", description = "Shard manifest written by bootstrap (default: ${DEFAULT-VALUE}).")
    Path manifestFile;

    @Option(names = "--import-path", description = "A directory whose files admins may load with read_parquet, read_csv and read_json (repeatable; none: no file can be read). Relative paths in SQL resolve against the first.")
    List<Path> importPaths = new java.util.ArrayList<>();

    @Mixin
    S3Options s3 = new S3Options();

    @Mixin
    DeadlineOptions deadlines = new DeadlineOptions();

    @Option(names = "--duckdb-threads", defaultValue = "${env:DUCKDB_THREADS:-0}", description = "DuckDB threads, 0 for one per core (default: ${DEFAULT-VALUE}).")
    int duckDbThreads;

    /**
     * The server's DuckDB gets well under half the machine: the JVM's heap (a quarter by default),
     * Arrow buffers of results in flight and the operating system's page cache need the rest.
     */
    static final String DEFAULT_MEMORY_LIMIT = "40%";

    @Option(names = "--duckdb-memory-limit", defaultValue = "${env:DUCKDB_MEMORY_LIMIT:-" + DEFAULT_MEMORY_LIMIT + "}",
            description = "DuckDB memory limit such as 4GB, or a share of the machine's memory such as 40%% (default: ${DEFAULT-VALUE}). A statement that needs more fails with DuckDB's out-of-memory error; spilling goes to tmp/ next to the database file.")
    String duckDbMemoryLimit;

    @Option(names = "--websocket-ping-timeout", defaultValue = "${env:WEBSOCKET_PING_TIMEOUT:-60}", description = "Seconds without traffic before a connection is closed (default: ${DEFAULT-VALUE}).")
    int pingTimeoutSeconds;

    @Option(names = "--max-websocket-message-size", defaultValue = "${env:MAX_WEBSOCKET_MESSAGE_SIZE:-16777216}", description = "Largest WebSocket message in bytes (default: ${DEFAULT-VALUE}).")
    long maxMessageBytes;

    @Option(names = "--authentication-timeout", defaultValue = "${env:AUTHENTICATION_TIMEOUT:-10}", description = "Seconds a new connection has to complete TLS, its request headers and its login; then it is closed (default: ${DEFAULT-VALUE}).")
    int authenticationTimeoutSeconds;

    @Option(names = "--max-unauthenticated-connections", defaultValue = "${env:MAX_UNAUTHENTICATED_CONNECTIONS:-64}", description = "Connections that may be logging in at a time, half of them from one address at most; more are closed at once (default: ${DEFAULT-VALUE}).")
    int maxUnauthenticatedConnections;

    @Option(names = "--password-check-threads", defaultValue = "${env:PASSWORD_CHECK_THREADS:-0}", description = "Threads that check passwords, 0 for half the cores (default: ${DEFAULT-VALUE}).")
    int passwordCheckThreads;

    @Option(names = "--worker-client-ca", paramLabel = "FILE", defaultValue = "${env:WORKER_CLIENT_CA}", description = "PEM CA certificate (bootstrap writes tls/worker-ca.crt): a worker must then also present a client certificate it signed (default: none).")
    Path workerClientCa;

    @Option(names = "--aggregate-repartition-groups", paramLabel = "GROUPS", defaultValue = "${env:AGGREGATE_REPARTITION_GROUPS}",
            description = "Merge a GROUP BY that the workers cannot complete alone on the workers, its partial rows repartitioned by a group key, when its groups are estimated (from the statistics loads measure) to be more than GROUPS (default: none, the server merges every such GROUP BY: partial rows travel through the server either way; env AGGREGATE_REPARTITION_GROUPS).")
    Long aggregateRepartitionGroups;

    @Option(names = "--join-broadcast-rows", paramLabel = "ROWS", defaultValue = "${env:JOIN_BROADCAST_ROWS:-" + PlannerSettings.DEFAULT_JOIN_BROADCAST_ROWS + "}",
            description = "A join of two partitioned tables that is not co-located sends its smaller side whole to every worker when that side is estimated to have at most ROWS rows; larger sides are both repartitioned by a key (default: ${DEFAULT-VALUE}; env JOIN_BROADCAST_ROWS).")
    long joinBroadcastRows;

    @Option(names = "--max-query-memory", paramLabel = "BYTES", defaultValue = "${env:MAX_QUERY_MEMORY:-0}",
            description = "The most a distributed query may keep in the server's memory between its stages (rows moved between workers, partial results); a query that needs more runs on the server's DuckDB, which spills to disk (default: 0, a quarter of the JVM's heap; env MAX_QUERY_MEMORY).")
    long maxQueryMemoryBytes;

    @Option(names = "--max-total-query-memory", paramLabel = "BYTES", defaultValue = "${env:MAX_TOTAL_QUERY_MEMORY:-0}",
            description = "The most all distributed queries together may keep in the server's memory between their stages; a query that would pass it runs on the server's DuckDB (default: 0, half of the JVM's heap; env MAX_TOTAL_QUERY_MEMORY).")
    long maxTotalQueryMemoryBytes;

    @Option(names = "--query-log", paramLabel = "FILE", defaultValue = "${env:QUERY_LOG}", description = "Append one JSON line per finished statement to FILE: time, user, where it ran, why it ran on the server, rows, milliseconds; never the SQL text (default: none; env QUERY_LOG).")
    Path queryLog;

    private static List<Path> tlsFilesFromEnvironment() {
        String value = System.getenv("TLS");
        if (value == null || value.isBlank()) {
            return DEFAULT_TLS_FILES;
        }
        String[] parts = value.trim().split("[\\s,]+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("environment variable TLS must name two files, 'CERT KEY', not '" + value + "'");
        }
        return List.of(Path.of(parts[0]), Path.of(parts[1]));
    }

    private ServerConfig.Authentication authentication() {
        if (authenticationTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--authentication-timeout must be at least 1 s, got " + authenticationTimeoutSeconds);
        }
        if (passwordCheckThreads < 0) {
            throw new IllegalArgumentException("--password-check-threads must be 0 (half the cores) or more, got "
                    + passwordCheckThreads);
        }
        return new ServerConfig.Authentication(Duration.ofSeconds(authenticationTimeoutSeconds), maxUnauthenticatedConnections,
                passwordCheckThreads == 0 ? PasswordCheckPool.defaultThreads() : passwordCheckThreads,
                Optional.ofNullable(workerClientCa));
    }

    /** The server's configuration from the options and the environment. */
    ServerConfig config() {
        if (tls == null) {
            tls = tlsFilesFromEnvironment();
        }
        return new ServerConfig(bindHost, port,
                noTls ? Optional.empty() : Optional.of(new ServerConfig.TlsFiles(tls.get(0), tls.get(1))),
                userListFile, databaseFile, manifestFile,
                new DuckDbSettings(duckDbThreads, Optional.of(duckDbMemoryLimit)),
                Duration.ofSeconds(pingTimeoutSeconds), maxMessageBytes, importPaths, s3.settings(), deadlines.deadlines(),
                authentication(), flightPort, Optional.ofNullable(queryLog),
                new PlannerSettings(aggregateRepartitionGroups == null ? PlannerSettings.NEVER : aggregateRepartitionGroups,
                        joinBroadcastRows),
                bytesOrDefault("--max-query-memory", maxQueryMemoryBytes, "a quarter of the heap",
                        ServerConfig.defaultMaxQueryMemoryBytes()),
                bytesOrDefault("--max-total-query-memory", maxTotalQueryMemoryBytes, "half of the heap",
                        ServerConfig.defaultMaxTotalQueryMemoryBytes()));
    }

    /** {@code bytes} of option {@code option}, or {@code defaultBytes} for 0. */
    private static long bytesOrDefault(String option, long bytes, String defaultDescription, long defaultBytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException(option + " must be 0 (" + defaultDescription + ") or more bytes, got " + bytes);
        }
        return bytes == 0 ? defaultBytes : bytes;
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        IdleHeapRelease.enable(IdleHeapRelease.DEFAULT_INTERVAL);
        try (GizmoEdgeServer server = GizmoEdgeServer.start(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "server-shutdown"));
            server.join();
        }
        return 0;
    }
}
