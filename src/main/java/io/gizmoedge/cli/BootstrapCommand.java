package io.gizmoedge.cli;

import io.gizmoedge.bootstrap.BootstrapLayout;
import io.gizmoedge.bootstrap.BootstrapOptions;
import io.gizmoedge.bootstrap.BootstrapResult;
import io.gizmoedge.bootstrap.Bootstrapper;
import io.gizmoedge.bootstrap.OutputExistsException;
import io.gizmoedge.bootstrap.ProgressListener;
import io.gizmoedge.bootstrap.WorkerCertificates;
import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardHash;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gizmo-edge bootstrap}: writes the user list, the TLS key pair, and a catalog: TPC-H in
 * shards with their manifest, or an empty one for the user's own data. Every option can also come
 * from an environment variable; {@code DATABASE_FILE} names the server's copy of the tables (removed
 * here, rebuilt by the server from the shards) and {@code SHARD_MANIFEST_FILE} the manifest. Exit status: 0 success, 1 the
 * bootstrap failed (for example an output exists), 2 bad arguments.
 */
@Command(name = "bootstrap", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Creates users (client, worker and admin accounts), a TLS key pair, and a catalog: a TPC-H dataset "
                + "in shards, or with --tpch-scale-factor=0 an empty one for your own data.",
                "Environment: DATABASE_FILE (default <data directory>/server.duckdb: the server's copy of the tables, which "
                        + "the server rebuilds from the shards) and SHARD_MANIFEST_FILE "
                        + "(default <data directory>/shards/manifest.json) move those files."})
public final class BootstrapCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--client-username",
            defaultValue = "${env:CLIENT_USERNAME:-" + BootstrapOptions.DEFAULT_CLIENT_USERNAME + "}",
            description = "Name of the client account (env CLIENT_USERNAME, default: ${DEFAULT-VALUE}).")
    private String clientUsername;

    @Option(names = "--client-password", defaultValue = "${env:CLIENT_PASSWORD}",
            description = "Password of the client account; required (env CLIENT_PASSWORD).")
    private String clientPassword;

    @Option(names = "--admin-username",
            defaultValue = "${env:ADMIN_USERNAME:-" + BootstrapOptions.DEFAULT_ADMIN_USERNAME + "}",
            description = "Name of the admin account, the one that may create, load and drop tables (env ADMIN_USERNAME, default: ${DEFAULT-VALUE}).")
    private String adminUsername;

    @Option(names = "--admin-password", defaultValue = "${env:ADMIN_PASSWORD}",
            description = "Password of the admin account; without it there is no admin account and no data can be loaded (env ADMIN_PASSWORD).")
    private String adminPassword;

    @Option(names = "--worker-password", defaultValue = "${env:WORKER_PASSWORD}",
            description = "Password of the 'worker' account; without it workers cannot connect (env WORKER_PASSWORD).")
    private String workerPassword;

    @Option(names = "--tpch-scale-factor", paramLabel = "SF", defaultValue = "${env:TPCH_SCALE_FACTOR:-1}",
            description = "TPC-H scale factor, at least 0.01, or 0 for an empty catalog that holds your own data (env TPCH_SCALE_FACTOR, default: ${DEFAULT-VALUE}).")
    private double scaleFactor;

    @Option(names = "--shard-count", paramLabel = "N",
            defaultValue = "${env:SHARD_COUNT:-" + BootstrapOptions.DEFAULT_SHARD_COUNT + "}",
            description = "Number of shards, 1 to " + ShardHash.MAX_SHARD_COUNT
                    + " (env SHARD_COUNT, default: ${DEFAULT-VALUE}).")
    private int shardCount;

    @Option(names = "--data-directory", paramLabel = "DIR", defaultValue = "${env:DATA_DIRECTORY:-data}",
            description = "Directory of the database, shards and user list (env DATA_DIRECTORY, default: ${DEFAULT-VALUE}).")
    private Path dataDirectory;

    @Option(names = "--tls-cert-file", paramLabel = "FILE", defaultValue = "${env:TLS_CERT_FILE:-tls/server.crt}",
            description = "PEM certificate to write (env TLS_CERT_FILE, default: ${DEFAULT-VALUE}).")
    private Path tlsCertFile;

    @Option(names = "--tls-key-file", paramLabel = "FILE", defaultValue = "${env:TLS_KEY_FILE:-tls/server.key}",
            description = "PEM PKCS#8 private key to write (env TLS_KEY_FILE, default: ${DEFAULT-VALUE}).")
    private Path tlsKeyFile;

    @Option(names = "--user-list-filename", paramLabel = "FILE", defaultValue = "${env:USER_LIST_FILENAME}",
            description = "User list to write (env USER_LIST_FILENAME, default: <data directory>/users.json).")
    private Path userListFile;

    @Option(names = "--overwrite", defaultValue = "false",
            description = "Replace existing outputs instead of refusing.")
    private boolean overwrite;

    @Option(names = "--worker-certificate", paramLabel = "NAME",
            description = "Issue a TLS client certificate for worker NAME (repeatable): <tls dir>/workers/NAME.crt and .key, "
                    + "signed by a new worker CA <tls dir>/worker-ca.crt (and .key), for a server started with "
                    + "--worker-client-ca.")
    private List<String> workerCertificates = new ArrayList<>();

    @Option(names = "--worker-certificates-only", defaultValue = "false",
            description = "Only issue the --worker-certificate certificates, with the existing worker CA (created when "
                    + "there is none); users, server certificate and data stay as they are.")
    private boolean workerCertificatesOnly;

    private final Map<String, String> environment;
    private final Supplier<Bootstrapper> bootstrapper;

    /** The production command: reads DATABASE_FILE and SHARD_MANIFEST_FILE from the process environment. */
    public BootstrapCommand() {
        this(System.getenv(), Bootstrapper::new);
    }

    /** For tests: the environment for DATABASE_FILE / SHARD_MANIFEST_FILE, and the bootstrapper to run. */
    BootstrapCommand(Map<String, String> environment, Supplier<Bootstrapper> bootstrapper) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.bootstrapper = Objects.requireNonNull(bootstrapper, "bootstrapper");
    }

    /** Runs the command alone ({@code gizmo-edge-bootstrap}); {@code gizmo-edge bootstrap} is the usual entry. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BootstrapCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (workerCertificatesOnly) {
            return issueWorkerCertificates(out, err);
        }
        BootstrapOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            return error(err, e.getMessage(), EXIT_USAGE);
        }
        try {
            BootstrapResult result = bootstrapper.get().run(options, ProgressListener.printingTo(out));
            out.println(String.format(Locale.ROOT, "Bootstrap finished in %.1f s: %d shards, manifest %s",
                    result.elapsed().toMillis() / 1000.0, result.manifest().shardCount(),
                    result.layout().manifestFile()));
            out.flush();
            return EXIT_OK;
        } catch (OutputExistsException e) {
            return error(err, e.getMessage(), EXIT_FAILED);
        } catch (Exception e) {
            LOG.error("bootstrap failed", e);
            return error(err, "bootstrap failed: " + CliErrors.describe(e) + "; see the log above, fix the cause and run "
                    + "bootstrap again with --overwrite", EXIT_FAILED);
        }
    }

    /** {@code --worker-certificates-only}: issues the named certificates and touches nothing else. */
    private int issueWorkerCertificates(PrintWriter out, PrintWriter err) {
        try {
            if (workerCertificates.isEmpty()) {
                throw new IllegalArgumentException("--worker-certificates-only needs at least one --worker-certificate NAME");
            }
            WorkerCertificates.checkNames(workerCertificates);
        } catch (IllegalArgumentException e) {
            return error(err, e.getMessage(), EXIT_USAGE);
        }
        BootstrapLayout layout = BootstrapLayout.inDataDirectory(dataDirectory, tlsCertFile, tlsKeyFile);
        try {
            for (Path certificate : new WorkerCertificates(Clock.systemUTC()).issue(layout, workerCertificates, overwrite)) {
                out.println("wrote " + certificate + " (key beside it), signed by " + layout.workerCaCertificateFile());
            }
            out.flush();
            return EXIT_OK;
        } catch (OutputExistsException e) {
            return error(err, e.getMessage(), EXIT_FAILED);
        } catch (Exception e) {
            LOG.error("issuing worker certificates failed", e);
            return error(err, "issuing worker certificates failed: " + CliErrors.describe(e), EXIT_FAILED);
        }
    }

    /** The options these arguments describe; a one-line IllegalArgumentException when they are bad. */
    BootstrapOptions options() {
        if (clientPassword == null || clientPassword.isBlank()) {
            throw new IllegalArgumentException(
                    "--client-password (or env CLIENT_PASSWORD) is required and must not be empty");
        }
        if (workerPassword != null && workerPassword.isBlank()) {
            throw new IllegalArgumentException("--worker-password must not be empty; leave it out for no worker account");
        }
        if (adminPassword != null && adminPassword.isBlank()) {
            throw new IllegalArgumentException("--admin-password must not be empty; leave it out for no admin account");
        }
        if (!(scaleFactor == 0 || scaleFactor >= BootstrapOptions.MIN_SCALE_FACTOR)) {
            throw new IllegalArgumentException("--tpch-scale-factor must be 0 (an empty catalog for your own data) or at least "
                    + BootstrapOptions.MIN_SCALE_FACTOR + ", got " + scaleFactor);
        }
        if (shardCount < 1 || shardCount > ShardHash.MAX_SHARD_COUNT) {
            throw new IllegalArgumentException("--shard-count must be between 1 and " + ShardHash.MAX_SHARD_COUNT
                    + ", got " + shardCount);
        }
        BootstrapLayout defaults = BootstrapLayout.inDataDirectory(dataDirectory, tlsCertFile, tlsKeyFile);
        Path database = pathFromEnvironment("DATABASE_FILE", defaults.databaseFile());
        Path shardDirectory = defaults.shardDirectory();
        String manifest = environment.get("SHARD_MANIFEST_FILE");
        if (manifest != null && !manifest.isBlank()) {
            Path manifestFile = Path.of(manifest);
            if (!manifestFile.getFileName().toString().equals(ManifestFile.FILE_NAME)) {
                throw new IllegalArgumentException("SHARD_MANIFEST_FILE must name a file called " + ManifestFile.FILE_NAME
                        + " (the shards are written beside it), got " + manifest);
            }
            shardDirectory = manifestFile.toAbsolutePath().getParent();
        }
        Path users = userListFile == null ? defaults.userListFile() : userListFile;
        BootstrapLayout layout = new BootstrapLayout(dataDirectory, database, shardDirectory, users, tlsCertFile, tlsKeyFile);
        return new BootstrapOptions(scaleFactor, shardCount, clientUsername, clientPassword, workerPassword, layout,
                overwrite, BootstrapOptions.DEFAULT_GENERATOR_THREADS, adminUsername, adminPassword, workerCertificates);
    }

    private Path pathFromEnvironment(String name, Path fallback) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }

    /** Prints {@code message} as the one error line and returns {@code exitCode}. */
    private static int error(PrintWriter err, String message, int exitCode) {
        err.println("Error: " + message);
        err.flush();
        return exitCode;
    }
}
