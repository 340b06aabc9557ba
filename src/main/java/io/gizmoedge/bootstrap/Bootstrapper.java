package io.gizmoedge.bootstrap;

import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardHash;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.security.PasswordHasher;
import io.gizmoedge.security.Role;
import io.gizmoedge.security.TlsCertificateGenerator;
import io.gizmoedge.security.UserAccount;
import io.gizmoedge.security.UserList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs bootstrap: the user list, the TLS key pair, the TPC-H data in the server's full DuckDB
 * database, the shards as zstd Parquet and the manifest. Refuses to replace existing outputs
 * unless {@link BootstrapOptions#overwrite()} is set.
 */
public final class Bootstrapper {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrapper.class);

    private final PasswordHasher passwordHasher;
    private final TlsCertificateGenerator certificateGenerator;
    private final List<TablePlacement> placements;

    /** A bootstrapper with 600,000-iteration password hashes, this machine's certificate names and TPC-H placement. */
    public Bootstrapper() {
        this(new PasswordHasher(), TlsCertificateGenerator.forThisMachine(), TpchPlacement.tables());
    }

    public Bootstrapper(PasswordHasher passwordHasher, TlsCertificateGenerator certificateGenerator,
            List<TablePlacement> placements) {
        this.passwordHasher = Objects.requireNonNull(passwordHasher, "passwordHasher");
        this.certificateGenerator = Objects.requireNonNull(certificateGenerator, "certificateGenerator");
        this.placements = List.copyOf(placements);
    }

    /**
     * Writes every output of {@code options.layout()}.
     *
     * @throws OutputExistsException if an output exists and overwrite is not set (nothing is written then)
     * @throws IOException if a file cannot be written
     * @throws SQLException if DuckDB fails to load or export the data
     */
    public BootstrapResult run(BootstrapOptions options, ProgressListener listener) throws IOException, SQLException {
        long start = System.nanoTime();
        BootstrapLayout layout = options.layout();
        LOG.info("bootstrap starting: {}", options);
        prepareOutputs(layout, options.overwrite());

        step(listener, "users", "writing user list " + layout.userListFile(), () -> {
            writeUsers(options);
            return null;
        });
        step(listener, "tls", "writing TLS certificate " + layout.tlsCertificateFile() + " and key " + layout.tlsKeyFile(),
                () -> {
                    certificateGenerator.generate().writePem(layout.tlsCertificateFile(), layout.tlsKeyFile());
                    return null;
                });

        ShardManifest manifest;
        Files.createDirectories(layout.databaseFile().toAbsolutePath().getParent());
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + layout.databaseFile().toAbsolutePath())) {
            step(listener, TpchGenerator.STEP, String.format(java.util.Locale.ROOT,
                    "generating TPC-H scale factor %s into %s on %d threads", options.scaleFactor(),
                    layout.databaseFile(), options.generatorThreads()), () -> {
                        new TpchGenerator(options.scaleFactor(), options.generatorThreads()).generate(connection, listener);
                        ShardWriter.execute(connection, "CHECKPOINT");
                        return null;
                    });

            WrittenShards writtenShards = step(listener, ShardWriter.STEP, "writing " + options.shardCount()
                    + " shards and the replicated bundle to " + layout.shardDirectory(), () -> {
                        ShardWriter writer = new ShardWriter(connection, layout.shardDirectory(), options.shardCount());
                        List<ShardBundle> shards = writer.writeShards(placements, listener);
                        ShardBundle replicated = writer.writeReplicated(placements, listener);
                        return new WrittenShards(shards, replicated);
                    });

            manifest = step(listener, "manifest", "writing manifest " + layout.manifestFile(), () -> {
                List<TableDefinition> tables = new ArrayList<>();
                for (TablePlacement placement : placements) {
                    tables.add(DuckDbCatalogReader.table(connection, placement));
                }
                ShardManifest built = new ShardManifest(ShardManifest.CURRENT_FORMAT_VERSION, options.scaleFactor(),
                        ShardHash.NAME, tables, writtenShards.shards(), writtenShards.replicated());
                ManifestFile.write(layout.manifestFile(), built);
                return built;
            });
        }
        Duration elapsed = since(start);
        LOG.info("bootstrap finished in {} ms: {} tables, {} shards, {} bytes of shards", elapsed.toMillis(),
                manifest.tables().size(), manifest.shardCount(),
                manifest.shards().stream().mapToLong(ShardBundle::sizeBytes).sum() + manifest.replicated().sizeBytes());
        return new BootstrapResult(layout, manifest, elapsed);
    }

    private void writeUsers(BootstrapOptions options) throws IOException {
        List<UserAccount> accounts = new ArrayList<>();
        accounts.add(new UserAccount(options.clientUsername(), Role.CLIENT, passwordHasher.hash(options.clientPassword())));
        options.workerPasswordIfSet().ifPresentOrElse(
                password -> accounts.add(new UserAccount(UserList.WORKER_USER, Role.WORKER, passwordHasher.hash(password))),
                () -> LOG.warn("no worker password given: the user list has no '{}' account and workers cannot connect",
                        UserList.WORKER_USER));
        UserList.of(accounts).write(options.layout().userListFile());
    }

    /** Refuses existing outputs, or removes them when overwriting. */
    private static void prepareOutputs(BootstrapLayout layout, boolean overwrite) throws IOException {
        List<Path> existing = new ArrayList<>();
        for (Path output : layout.outputs()) {
            if (Files.exists(output)) {
                existing.add(output);
            }
        }
        List<Path> oldShardEntries = shardDirectoryEntries(layout.shardDirectory());
        if (!overwrite) {
            if (!existing.isEmpty()) {
                throw new OutputExistsException(existing.get(0));
            }
            if (!oldShardEntries.isEmpty()) {
                throw new OutputExistsException(oldShardEntries.get(0));
            }
            return;
        }
        for (Path output : existing) {
            LOG.info("overwriting {}", output);
            Files.delete(output);
        }
        Files.deleteIfExists(Path.of(layout.databaseFile() + ".wal"));
        for (Path entry : oldShardEntries) {
            deleteRecursively(entry);
        }
    }

    /** The shard-NNNN and replicated directories bootstrap wrote earlier into {@code shardDirectory}. */
    private static List<Path> shardDirectoryEntries(Path shardDirectory) throws IOException {
        List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(shardDirectory)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(shardDirectory)) {
            for (Path entry : stream) {
                String name = entry.getFileName().toString();
                if (name.matches("shard-\\d{4}") || name.equals(ShardWriter.REPLICATED_DIRECTORY)) {
                    entries.add(entry);
                }
            }
        }
        entries.sort(Comparator.naturalOrder());
        return entries;
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The shard bundles and the replicated bundle the shard step wrote. */
    private record WrittenShards(List<ShardBundle> shards, ShardBundle replicated) {
    }

    /** One bootstrap step; its result is handed back by {@link #step}. */
    private interface Step<T> {
        T run() throws IOException, SQLException;
    }

    /** Reports {@code step} started with {@code description}, runs it, then reports it finished with its elapsed time. */
    private static <T> T step(ProgressListener listener, String step, String description, Step<T> action)
            throws IOException, SQLException {
        listener.stepStarted(step, description);
        long start = System.nanoTime();
        T result = action.run();
        listener.stepFinished(step, since(start));
        return result;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
