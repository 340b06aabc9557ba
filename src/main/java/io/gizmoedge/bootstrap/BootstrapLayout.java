package io.gizmoedge.bootstrap;

import io.gizmoedge.catalog.ManifestFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where bootstrap writes its outputs. The defaults, relative to the repository root, are
 * {@code data/server.duckdb} (made by the server), {@code data/shards/} (with {@code data/shards/manifest.json}),
 * {@code data/users.json}, {@code tls/server.crt} and {@code tls/server.key}.
 *
 * @param dataDirectory the directory that holds the database, shards and user list by default
 * @param databaseFile the server's copy of every table (the server builds it from the shards)
 * @param shardDirectory the directory of shard bundles and the manifest
 * @param userListFile the JSON list of users and password hashes
 * @param tlsCertificateFile the server's PEM certificate (also the clients' and workers' TLS root)
 * @param tlsKeyFile the server's PEM PKCS#8 private key
 */
public record BootstrapLayout(
        Path dataDirectory,
        Path databaseFile,
        Path shardDirectory,
        Path userListFile,
        Path tlsCertificateFile,
        Path tlsKeyFile) {

    public static final String DEFAULT_DATA_DIRECTORY = "data";
    public static final String DATABASE_FILE_NAME = "server.duckdb";
    public static final String SHARD_DIRECTORY_NAME = "shards";
    public static final String USER_LIST_FILE_NAME = "users.json";
    public static final String DEFAULT_TLS_CERTIFICATE_FILE = "tls/server.crt";
    public static final String DEFAULT_TLS_KEY_FILE = "tls/server.key";

    public BootstrapLayout {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(databaseFile, "databaseFile");
        Objects.requireNonNull(shardDirectory, "shardDirectory");
        Objects.requireNonNull(userListFile, "userListFile");
        Objects.requireNonNull(tlsCertificateFile, "tlsCertificateFile");
        Objects.requireNonNull(tlsKeyFile, "tlsKeyFile");
        if (tlsCertificateFile.toAbsolutePath().normalize().equals(tlsKeyFile.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the TLS certificate and key must be different files: " + tlsKeyFile);
        }
    }

    /** The default layout under {@code root} (the repository root for the command line). */
    public static BootstrapLayout defaults(Path root) {
        return inDataDirectory(root.resolve(DEFAULT_DATA_DIRECTORY),
                root.resolve(DEFAULT_TLS_CERTIFICATE_FILE), root.resolve(DEFAULT_TLS_KEY_FILE));
    }

    /** Database, shards and user list under {@code dataDirectory}, TLS files where given. */
    public static BootstrapLayout inDataDirectory(Path dataDirectory, Path tlsCertificateFile, Path tlsKeyFile) {
        return new BootstrapLayout(dataDirectory, dataDirectory.resolve(DATABASE_FILE_NAME),
                dataDirectory.resolve(SHARD_DIRECTORY_NAME), dataDirectory.resolve(USER_LIST_FILE_NAME),
                tlsCertificateFile, tlsKeyFile);
    }

    /** The shard manifest: {@code manifest.json} in the shard directory. */
    public Path manifestFile() {
        return shardDirectory.resolve(ManifestFile.FILE_NAME);
    }

    /** The worker CA's certificate, beside the server's: what the server's {@code --worker-client-ca} names. */
    public Path workerCaCertificateFile() {
        return tlsCertificateFile.resolveSibling("worker-ca.crt");
    }

    /** The worker CA's private key: keep it off the server; it is needed only to issue worker certificates. */
    public Path workerCaKeyFile() {
        return tlsCertificateFile.resolveSibling("worker-ca.key");
    }

    /** The client certificate of worker {@code name}: {@code workers/<name>.crt} beside the server's certificate. */
    public Path workerCertificateFile(String name) {
        return tlsCertificateFile.resolveSibling("workers").resolve(name + ".crt");
    }

    /** The private key of worker {@code name}'s certificate. */
    public Path workerKeyFile(String name) {
        return tlsCertificateFile.resolveSibling("workers").resolve(name + ".key");
    }

    /** Every output that bootstrap refuses to overwrite unless told to. */
    public List<Path> outputs() {
        return List.of(manifestFile(), userListFile, tlsCertificateFile, tlsKeyFile);
    }
}
