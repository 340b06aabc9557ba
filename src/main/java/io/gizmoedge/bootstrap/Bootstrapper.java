package io.gizmoedge.bootstrap;

import io.gizmoedge.catalog.Directories;
import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.catalog.TablePlacement;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.loading.DataStatement;
import io.gizmoedge.loading.LoadException;
import io.gizmoedge.loading.RowSource;
import io.gizmoedge.loading.TableLoader;
import io.gizmoedge.security.PasswordHasher;
import io.gizmoedge.security.Role;
import io.gizmoedge.security.TlsCertificateGenerator;
import io.gizmoedge.security.UserAccount;
import io.gizmoedge.security.UserList;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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
    /** The step name of placing the generated tables on shards. */
    public static final String SHARD_STEP = "shard";

    private final Map<String, TablePlacement> placements;

    /** A bootstrapper with 600,000-iteration password hashes, this machine's certificate names and TPC-H placement. */
    public Bootstrapper() {
        this(new PasswordHasher(), TlsCertificateGenerator.forThisMachine(), TpchPlacement.tables());
    }

    public Bootstrapper(PasswordHasher passwordHasher, TlsCertificateGenerator certificateGenerator,
            Map<String, TablePlacement> placements) {
        this.passwordHasher = Objects.requireNonNull(passwordHasher, "passwordHasher");
        this.certificateGenerator = Objects.requireNonNull(certificateGenerator, "certificateGenerator");
        this.placements = new java.util.LinkedHashMap<>(placements);
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
        prepareOutputs(layout, WorkerCertificates.outputs(layout, options.workerCertificates()), options.overwrite());

        step(listener, "users", "writing user list " + layout.userListFile(), () -> {
            writeUsers(options);
            return null;
        });
        step(listener, "tls", "writing TLS certificate " + layout.tlsCertificateFile() + " and key " + layout.tlsKeyFile(),
                () -> {
                    certificateGenerator.generate().writePem(layout.tlsCertificateFile(), layout.tlsKeyFile());
                    return null;
                });
        if (!options.workerCertificates().isEmpty()) {
            step(listener, "worker-certificates", "writing the worker CA " + layout.workerCaCertificateFile()
                    + " and certificates for " + String.join(", ", options.workerCertificates()), () -> {
                        new WorkerCertificates(java.time.Clock.systemUTC())
                                .createAuthorityAndIssue(layout, options.workerCertificates());
                        return null;
                    });
        }

        ShardManifest manifest = ShardManifest.empty(options.shardCount(), options.scaleFactor());
        if (options.scaleFactor() > 0) {
            manifest = loadTpch(options, layout, manifest, listener);
        }
        ShardManifest written = manifest;
        step(listener, "manifest", "writing manifest " + layout.manifestFile(), () -> {
            ManifestFile.write(layout.manifestFile(), written);
            return null;
        });
        Duration elapsed = since(start);
        LOG.info("bootstrap finished in {} ms: {} tables, {} shards, {} bytes of shards", elapsed.toMillis(),
                manifest.tables().size(), manifest.shardCount(),
                manifest.shards().stream().mapToLong(ShardBundle::sizeBytes).sum() + manifest.replicated().sizeBytes());
        return new BootstrapResult(layout, manifest, elapsed);
    }

    /**
     * Generates TPC-H into a temporary DuckDB database, then loads each table into the catalog with
     * its declaration ({@link TpchPlacement}), exactly as {@code CREATE TABLE ... AS} would.
     */
    private ShardManifest loadTpch(BootstrapOptions options, BootstrapLayout layout, ShardManifest empty,
            ProgressListener listener) throws IOException, SQLException {
        Files.createDirectories(layout.shardDirectory());
        Path generated = layout.shardDirectory().resolve(".tpch-generated.duckdb");
        Files.deleteIfExists(generated);
        try (BufferAllocator allocator = new RootAllocator();
                DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + generated.toAbsolutePath())) {
            step(listener, TpchGenerator.STEP, String.format(java.util.Locale.ROOT,
                    "generating TPC-H scale factor %s on %d threads", options.scaleFactor(), options.generatorThreads()), () -> {
                        new TpchGenerator(options.scaleFactor(), options.generatorThreads()).generate(connection, listener);
                        return null;
                    });
            TableLoader loader = new TableLoader(layout.shardDirectory(), DuckDbSettings.DEFAULT, allocator);
            return step(listener, SHARD_STEP, "placing the tables on " + options.shardCount() + " shards under "
                    + layout.shardDirectory(), () -> {
                        ShardManifest manifest = empty;
                        for (Map.Entry<String, TablePlacement> table : placements.entrySet()) {
                            long started = System.nanoTime();
                            DataStatement.CreateTable create = new DataStatement.CreateTable(table.getKey(), table.getValue(),
                                    Optional.empty(), Optional.of("SELECT * FROM " + table.getKey()), false);
                            try {
                                TableLoader.Result result = loader.create(manifest, create,
                                        Optional.of(new RowSource(connection, "SELECT * FROM " + table.getKey())));
                                manifest = result.manifest();
                                listener.tableFinished(SHARD_STEP, table.getKey(), result.rows(), since(started));
                            } catch (LoadException e) {
                                throw new IOException("placing " + table.getKey() + " failed: " + e.getMessage(), e);
                            }
                        }
                        return manifest;
                    });
        } finally {
            Files.deleteIfExists(generated);
            Files.deleteIfExists(Path.of(generated + ".wal"));
        }
    }

    private void writeUsers(BootstrapOptions options) throws IOException {
        List<UserAccount> accounts = new ArrayList<>();
        accounts.add(new UserAccount(options.clientUsername(), Role.CLIENT, passwordHasher.hash(options.clientPassword())));
        options.workerPasswordIfSet().ifPresentOrElse(
                password -> accounts.add(new UserAccount(UserList.WORKER_USER, Role.WORKER, passwordHasher.hash(password))),
                () -> LOG.warn("no worker password given: the user list has no '{}' account and workers cannot connect",
                        UserList.WORKER_USER));
        options.adminPasswordIfSet().ifPresentOrElse(
                password -> accounts.add(new UserAccount(options.adminUsername(), Role.ADMIN, passwordHasher.hash(password))),
                () -> LOG.warn("no admin password given: the user list has no admin account and no data can be loaded"));
        UserList.of(accounts).write(options.layout().userListFile());
    }

    /** Refuses existing outputs, or removes them when overwriting. */
    private static void prepareOutputs(BootstrapLayout layout, List<Path> moreOutputs, boolean overwrite)
            throws IOException {
        List<Path> existing = new ArrayList<>();
        List<Path> outputs = new ArrayList<>(layout.outputs());
        outputs.addAll(moreOutputs);
        for (Path output : outputs) {
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
        Files.deleteIfExists(layout.databaseFile()); // the server builds its copy anew from the shards
        Files.deleteIfExists(Path.of(layout.databaseFile() + ".wal"));
        for (Path entry : oldShardEntries) {
            Directories.deleteRecursively(entry);
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
                if (name.matches("shard-\\d{4}") || name.equals("replicated") || name.equals(ShardFile.DIRECTORY)
                        || name.equals(TableLoader.STAGING_DIRECTORY)) {
                    entries.add(entry);
                }
            }
        }
        entries.sort(Comparator.naturalOrder());
        return entries;
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
