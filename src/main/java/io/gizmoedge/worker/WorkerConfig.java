package io.gizmoedge.worker;

import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.engine.TemporaryDirectory;
import io.gizmoedge.security.CertificateFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a worker needs to start.
 *
 * @param tlsRoots PEM certificates to trust (empty: the JVM's default roots)
 * @param duckDb the worker's DuckDB settings; when they name no temporary directory, DuckDB spills into
 *     {@code tmp} in the data directory
 * @param dataDirectory where the worker keeps its shard cache and its tables
 * @param reconnectDelay pause between attempts to reach the server
 * @param clientCertificate the certificate and key presented when the server asks for one (a server with
 *     {@code --worker-client-ca} requires it on /worker); empty: none
 * @param advertiseAddress where other workers can send this one rows directly ({@code --advertise-address});
 *     empty: moved rows reach it through the server only
 */
public record WorkerConfig(
        String workerName,
        String serverHostname,
        int serverPort,
        boolean tls,
        Optional<Path> tlsRoots,
        boolean tlsVerify,
        String username,
        String password,
        DuckDbSettings duckDb,
        Path dataDirectory,
        long maxMessageBytes,
        Duration pingTimeout,
        Duration reconnectDelay,
        Optional<CertificateFiles> clientCertificate,
        Optional<AdvertisedAddress> advertiseAddress) {

    public WorkerConfig {
        Objects.requireNonNull(workerName, "workerName");
        Objects.requireNonNull(serverHostname, "serverHostname");
        Objects.requireNonNull(tlsRoots, "tlsRoots");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(duckDb, "duckDb");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        duckDb = duckDb.withDefaultTemporaryDirectory(TemporaryDirectory.in(dataDirectory).root());
        Objects.requireNonNull(pingTimeout, "pingTimeout");
        Objects.requireNonNull(reconnectDelay, "reconnectDelay");
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        Objects.requireNonNull(advertiseAddress, "advertiseAddress");
        if (clientCertificate.isPresent() && !tls) {
            throw new IllegalArgumentException("a client certificate needs TLS: drop --no-tls or --tls-certificate");
        }
        if (serverPort < 1 || serverPort > 65535) {
            throw new IllegalArgumentException("server port must be between 1 and 65535, not " + serverPort);
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the worker password is empty; pass --password or set WORKER_PASSWORD");
        }
        if (maxMessageBytes < 64 * 1024) {
            throw new IllegalArgumentException("maximum WebSocket message size must be at least 65536 bytes");
        }
    }

    /** A worker that presents no client certificate and takes moved rows through the server only. */
    public WorkerConfig(String workerName, String serverHostname, int serverPort, boolean tls, Optional<Path> tlsRoots,
            boolean tlsVerify, String username, String password, DuckDbSettings duckDb, Path dataDirectory,
            long maxMessageBytes, Duration pingTimeout, Duration reconnectDelay) {
        this(workerName, serverHostname, serverPort, tls, tlsRoots, tlsVerify, username, password, duckDb, dataDirectory,
                maxMessageBytes, pingTimeout, reconnectDelay, Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return "WorkerConfig[" + workerName + " -> " + serverHostname + ":" + serverPort + ", tls=" + tls
                + clientCertificate.map(files -> " presenting " + files.certificate()).orElse("")
                + advertiseAddress.map(address -> ", advertising " + address.host() + ":" + address.port()).orElse("")
                + ", user=" + username + ", data=" + dataDirectory + "]";
    }
}
