package io.gizmoedge.cli;

import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.security.CertificateFiles;
import io.gizmoedge.worker.AdvertisedAddress;
import io.gizmoedge.worker.GizmoEdgeWorker;
import io.gizmoedge.worker.WorkerConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gizmo-edge worker}: serves shards for the server. */
@Command(name = "worker", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Start a worker: it connects to the server, receives its shards and answers query stages.")
public final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--server-hostname", defaultValue = "${env:SERVER_HOSTNAME:-localhost}", description = "Server host (default: ${DEFAULT-VALUE}).")
    String serverHostname;

    @Option(names = "--server-port", defaultValue = "${env:SERVER_PORT:-8765}", description = "Server port (default: ${DEFAULT-VALUE}).")
    int serverPort;

    @Option(names = "--tls", negatable = true, defaultValue = "${env:TLS_ENABLED:-true}", fallbackValue = "true", description = "Connect with TLS (default: ${DEFAULT-VALUE}).")
    boolean tls;

    @Option(names = "--tls-roots", defaultValue = "${env:TLS_ROOTS:-tls/server.crt}", description = "PEM certificates to trust (default: ${DEFAULT-VALUE}).")
    Path tlsRoots;

    @Option(names = "--tls-verify", negatable = true, defaultValue = "${env:TLS_VERIFY:-true}", fallbackValue = "true", description = "Verify the server's certificate (default: ${DEFAULT-VALUE}).")
    boolean tlsVerify;

    @Option(names = "--tls-certificate", paramLabel = "FILE", defaultValue = "${env:TLS_CERTIFICATE}", description = "PEM client certificate to present, for a server started with --worker-client-ca (bootstrap --worker-certificate writes one; needs --tls-key).")
    Path tlsCertificate;

    @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "${env:TLS_KEY}", description = "PEM private key of --tls-certificate.")
    Path tlsKey;

    @Option(names = "--username", defaultValue = "${env:WORKER_USERNAME:-worker}", description = "Worker account (default: ${DEFAULT-VALUE}).")
    String username;

    @Option(names = "--password", defaultValue = "${env:WORKER_PASSWORD}", description = "Worker password (env WORKER_PASSWORD).")
    String password;

    @Option(names = "--worker-name", defaultValue = "${env:WORKER_NAME}", description = "Name shown in the server's log (default: host name and process id).")
    String workerName;

    @Option(names = "--duckdb-threads", defaultValue = "${env:DUCKDB_THREADS:-0}", description = "DuckDB threads, 0 for one per core (default: ${DEFAULT-VALUE}).")
    int duckDbThreads;

    @Option(names = "--duckdb-memory-limit", defaultValue = "${env:DUCKDB_MEMORY_LIMIT:-}", description = "DuckDB memory limit such as 4GB, or a share of the machine's memory such as 60%% (default: DuckDB's, 80%%). Spilling goes to tmp/ in the data directory.")
    String duckDbMemoryLimit;

    @Option(names = "--data-directory", defaultValue = "${env:WORKER_DATA_DIRECTORY:-data/worker}", description = "Where received shards are cached (default: ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Option(names = "--max-websocket-message-size", defaultValue = "${env:MAX_WEBSOCKET_MESSAGE_SIZE:-16777216}", description = "Largest WebSocket message in bytes (default: ${DEFAULT-VALUE}).")
    long maxMessageBytes;

    @Option(names = "--websocket-ping-timeout", defaultValue = "${env:WEBSOCKET_PING_TIMEOUT:-60}", description = "Seconds without traffic before the connection counts as lost (default: ${DEFAULT-VALUE}).")
    int pingTimeoutSeconds;

    @Option(names = "--advertise-address", paramLabel = "HOST[:PORT]", defaultValue = "${env:ADVERTISE_ADDRESS}", description = "Take rows other workers move to this one directly, over TLS on PORT (all interfaces; any free port when left out), at the address HOST:PORT they reach it at. Without it, moved rows travel through the server, and the worker opens no port.")
    String advertiseAddress;

    private Optional<CertificateFiles> clientCertificate() {
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-certificate and --tls-key go together: pass both or neither");
        }
        return tlsCertificate == null ? Optional.empty() : Optional.of(new CertificateFiles(tlsCertificate, tlsKey));
    }

    @Override
    public Integer call() throws Exception {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("no worker password: pass --password or set WORKER_PASSWORD");
        }
        String name = workerName != null ? workerName
                : InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        WorkerConfig config = new WorkerConfig(name, serverHostname, serverPort, tls,
                tls && tlsVerify ? Optional.of(tlsRoots) : Optional.empty(), tlsVerify, username, password,
                new DuckDbSettings(duckDbThreads, Optional.of(duckDbMemoryLimit)), dataDirectory, maxMessageBytes,
                Duration.ofSeconds(pingTimeoutSeconds), Duration.ofSeconds(2), clientCertificate(),
                advertiseAddress == null || advertiseAddress.isBlank() ? Optional.empty()
                        : Optional.of(AdvertisedAddress.parse(advertiseAddress)));
        IdleHeapRelease.enable(IdleHeapRelease.DEFAULT_INTERVAL);
        try (GizmoEdgeWorker worker = new GizmoEdgeWorker(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "worker-shutdown"));
            worker.run();
        }
        return 0;
    }
}
