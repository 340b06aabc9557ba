package io.gizmoedge.server;

import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.engine.TemporaryDirectory;
import io.gizmoedge.loading.S3Settings;
import io.gizmoedge.planner.PlannerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the server needs to start.
 *
 * @param port TCP port of the one listener (0 picks a free port)
 * @param tls certificate and key, or empty to serve plain WebSockets (not for production)
 * @param pingTimeout a connection with no traffic for this long is closed
 * @param maxMessageBytes the largest WebSocket message accepted or sent
 * @param databaseFile the server's copy of every table (a DuckDB file it creates and keeps up to date);
 *     its directory is the server's data directory
 * @param duckDb the server's DuckDB settings; when they name no temporary directory, DuckDB spills into
 *     {@code tmp} in the data directory
 * @param importPaths directories whose files admins may load with read_parquet/read_csv/read_json
 * @param s3 where {@code s3://} objects that admins load come from; empty when loads cannot read S3
 * @param deadlines how long queries, workers and clients may take
 * @param authentication how logins are bounded, and whether workers need a certificate
 * @param flightPort TCP port of the Arrow Flight SQL endpoint (same TLS material and users); 0 serves none
 * @param queryLog the file the server appends one line to per finished statement ({@link io.gizmoedge.querylog}); empty for none
 * @param planner how the planner chooses between correct plans
 * @param maxQueryMemoryBytes the most a distributed query may keep on the server between its stages
 *     (the rows it moves through the server); a query that needs more runs on the server's DuckDB
 * @param maxTotalQueryMemoryBytes the most all distributed queries together may keep so; a query that
 *     would pass it runs on the server's DuckDB too
 */
public record ServerConfig(
        String bindHost,
        int port,
        Optional<TlsFiles> tls,
        Path userListFile,
        Path databaseFile,
        Path shardManifestFile,
        DuckDbSettings duckDb,
        Duration pingTimeout,
        long maxMessageBytes,
        java.util.List<Path> importPaths,
        Optional<S3Settings> s3,
        Deadlines deadlines,
        Authentication authentication,
        int flightPort,
        Optional<Path> queryLog,
        PlannerSettings planner,
        long maxQueryMemoryBytes,
        long maxTotalQueryMemoryBytes) {
    /** The Flight SQL port unless the server is told otherwise. */
    public static final int DEFAULT_FLIGHT_PORT = 31337;

    /** {@code --max-query-memory} unless the server is told otherwise: a quarter of the JVM's heap. */
    public static long defaultMaxQueryMemoryBytes() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /** {@code --max-total-query-memory} unless the server is told otherwise: half of the JVM's heap. */
    public static long defaultMaxTotalQueryMemoryBytes() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /**
     * How long things may take before the server stops waiting.
     *
     * @param queryTimeout a query running longer is cancelled (a session may set a shorter one); empty for none
     * @param workerHeartbeatTimeout a worker silent this long (no answer to heartbeat pings) is declared lost
     * @param workerReadyTimeout a worker that makes no progress towards its assignment for this long loses it
     * @param clientWriteTimeout a client that reads nothing of its answer for this long is disconnected
     */
    public record Deadlines(Optional<Duration> queryTimeout, Duration workerHeartbeatTimeout, Duration workerReadyTimeout,
            Duration clientWriteTimeout) {
        public static final Deadlines DEFAULT = new Deadlines(Optional.empty(), Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofSeconds(60));

        public Deadlines {
            Objects.requireNonNull(queryTimeout, "queryTimeout");
            queryTimeout.ifPresent(timeout -> requirePositive(timeout, "query timeout"));
            requirePositive(workerHeartbeatTimeout, "worker heartbeat timeout");
            requirePositive(workerReadyTimeout, "worker ready timeout");
            requirePositive(clientWriteTimeout, "client write timeout");
        }

        private static void requirePositive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }

    /**
     * How logins are bounded.
     *
     * @param timeout a connection must complete its WebSocket upgrade (TLS, headers, password check) this soon after opening
     * @param maxUnauthenticatedConnections connections not yet upgraded at a time (half of them from one address at most)
     * @param passwordCheckThreads threads that check passwords (each check takes a core for about 0.2 s)
     * @param workerClientCa PEM CA certificate(s) a worker's client certificate must chain to; empty: no certificate needed
     */
    public record Authentication(Duration timeout, int maxUnauthenticatedConnections, int passwordCheckThreads,
            Optional<Path> workerClientCa) {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS = 64;

        public Authentication {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(workerClientCa, "workerClientCa");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("--authentication-timeout must be positive");
            }
            if (maxUnauthenticatedConnections < 2) {
                throw new IllegalArgumentException("--max-unauthenticated-connections must be at least 2, got "
                        + maxUnauthenticatedConnections);
            }
            if (passwordCheckThreads < 1) {
                throw new IllegalArgumentException("--password-check-threads must be at least 1, got " + passwordCheckThreads);
            }
        }

        /** The defaults: 10 s, 64 connections, half the cores, no worker certificates. */
        public static Authentication defaults() {
            return new Authentication(DEFAULT_TIMEOUT, DEFAULT_MAX_UNAUTHENTICATED_CONNECTIONS,
                    io.gizmoedge.security.PasswordCheckPool.defaultThreads(), Optional.empty());
        }

        /** Connections from one address that may wait to authenticate at a time. */
        public int maxUnauthenticatedPerAddress() {
            return Math.max(1, maxUnauthenticatedConnections / 2);
        }
    }

    /** PEM certificate and private key of the server. */
    public record TlsFiles(Path certificate, Path privateKey) {
        public TlsFiles {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    public ServerConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(userListFile, "userListFile");
        Objects.requireNonNull(databaseFile, "databaseFile");
        Objects.requireNonNull(shardManifestFile, "shardManifestFile");
        Objects.requireNonNull(duckDb, "duckDb");
        duckDb = duckDb.withDefaultTemporaryDirectory(
                TemporaryDirectory.in(databaseFile.toAbsolutePath().normalize().getParent()).root());
        Objects.requireNonNull(pingTimeout, "pingTimeout");
        importPaths = java.util.List.copyOf(importPaths);
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(deadlines, "deadlines");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(queryLog, "queryLog");
        Objects.requireNonNull(planner, "planner");
        if (maxQueryMemoryBytes < 1) {
            throw new IllegalArgumentException("--max-query-memory must be at least 1 byte, got " + maxQueryMemoryBytes);
        }
        if (maxTotalQueryMemoryBytes < 1) {
            throw new IllegalArgumentException("--max-total-query-memory must be at least 1 byte, got "
                    + maxTotalQueryMemoryBytes);
        }
        if (authentication.workerClientCa().isPresent() && tls.isEmpty()) {
            throw new IllegalArgumentException("--worker-client-ca needs TLS: drop --no-tls");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        if (flightPort < 0 || flightPort > 65535) {
            throw new IllegalArgumentException("--flight-port must be between 0 (none) and 65535, not " + flightPort);
        }
        if (flightPort != 0 && flightPort == port) {
            throw new IllegalArgumentException("--flight-port must differ from --port");
        }
        if (pingTimeout.isNegative() || pingTimeout.isZero()) {
            throw new IllegalArgumentException("WebSocket ping timeout must be positive");
        }
        if (maxMessageBytes < 64 * 1024) {
            throw new IllegalArgumentException("maximum WebSocket message size must be at least 65536 bytes");
        }
    }
}
