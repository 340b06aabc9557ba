package io.gizmoedge.cli;

import io.gizmoedge.catalog.ManifestFile;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.bootstrap.BootstrapOptions;
import io.gizmoedge.bootstrap.Bootstrapper;
import io.gizmoedge.bootstrap.TpchPlacement;
import io.gizmoedge.security.PasswordHasher;
import io.gizmoedge.security.Role;
import io.gizmoedge.security.TlsCertificateGenerator;
import io.gizmoedge.security.UserList;
import java.io.PrintWriter;
import java.io.StringWriter;
import io.gizmoedge.security.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BootstrapCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine commandLine(Map<String, String> environment) {
        BootstrapCommand command = new BootstrapCommand(environment, () -> new Bootstrapper(
                new PasswordHasher(PasswordHasher.MIN_ITERATIONS), TlsCertificateGenerator.forThisMachine(),
                TpchPlacement.tables()));
        return new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    }

    private BootstrapOptions parse(Map<String, String> environment, String... args) {
        CommandLine commandLine = commandLine(environment);
        commandLine.parseArgs(args);
        return ((BootstrapCommand) commandLine.getCommand()).options();
    }

    @Test
    void defaultsFollowTheDocumentedLayout() {
        BootstrapOptions options = parse(Map.of(), "--client-password=tiger");
        assertThat(options.clientUsername()).isEqualTo("scott");
        assertThat(options.scaleFactor()).isEqualTo(1.0);
        assertThat(options.shardCount()).isEqualTo(11);
        assertThat(options.workerPassword()).isNull();
        assertThat(options.overwrite()).isFalse();
        assertThat(options.layout().databaseFile()).isEqualTo(Path.of("data/server.duckdb"));
        assertThat(options.layout().manifestFile()).isEqualTo(Path.of("data/shards/manifest.json"));
        assertThat(options.layout().userListFile()).isEqualTo(Path.of("data/users.json"));
        assertThat(options.layout().tlsCertificateFile()).isEqualTo(Path.of("tls/server.crt"));
        assertThat(options.layout().tlsKeyFile()).isEqualTo(Path.of("tls/server.key"));
        assertThat(options.toString()).doesNotContain("tiger");
    }

    @Test
    void documentedCommandLineParses() {
        BootstrapOptions options = parse(Map.of(), "--client-username=scott", "--client-password=tiger",
                "--worker-password=united", "--tpch-scale-factor=1", "--shard-count=11");
        assertThat(options.clientPassword()).isEqualTo("tiger");
        assertThat(options.workerPassword()).isEqualTo("united");
        assertThat(options.shardCount()).isEqualTo(11);
    }

    @Test
    void environmentMovesDatabaseAndManifest() {
        BootstrapOptions options = parse(Map.of("DATABASE_FILE", "/srv/full.duckdb", "SHARD_MANIFEST_FILE", "/srv/s/manifest.json"),
                "--client-password=tiger", "--data-directory=/d", "--user-list-filename=/etc/u.json");
        assertThat(options.layout().databaseFile()).isEqualTo(Path.of("/srv/full.duckdb"));
        assertThat(options.layout().shardDirectory()).isEqualTo(Path.of("/srv/s"));
        assertThat(options.layout().userListFile()).isEqualTo(Path.of("/etc/u.json"));
    }

    @Test
    void badArgumentsAreExplainedInOneLine() {
        assertUsageError("--tpch-scale-factor must be 0 (an empty catalog for your own data) or at least 0.01", "--client-password=t", "--tpch-scale-factor=0.001");
        assertUsageError("--shard-count must be between 1 and 1000", "--client-password=t", "--shard-count=0");
        assertUsageError("--client-password (or env CLIENT_PASSWORD) is required");
        assertUsageError("--client-password (or env CLIENT_PASSWORD) is required", "--client-password=");
        assertUsageError("--worker-password must not be empty", "--client-password=t", "--worker-password=");
        assertUsageError("must not be 'worker'", "--client-password=t", "--client-username=worker");
    }

    @Test
    void bootstrapsAndThenRefusesToOverwrite() throws Exception {
        String[] args = {"--client-username=scott", "--client-password=tiger", "--worker-password=united",
                "--tpch-scale-factor=0.01", "--shard-count=2", "--data-directory=" + dir.resolve("data"),
                "--tls-cert-file=" + dir.resolve("tls/server.crt"), "--tls-key-file=" + dir.resolve("tls/server.key")};
        int exit = commandLine(Map.of()).execute(args);
        assertThat(exit).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("[generate]", "lineitem", "60,175 rows", "[shard]", "Bootstrap finished")
                .doesNotContain("tiger").doesNotContain("united");
        assertThat(ManifestFile.read(dir.resolve("data/shards/manifest.json")).shards().get(1).files())
                .anySatisfy(file -> assertThat(file.table()).isEqualTo("orders"));
        assertThat(UserList.read(dir.resolve("data/users.json")).authenticate("worker", "united")).contains(Role.WORKER);

        err.getBuffer().setLength(0);
        assertThat(commandLine(Map.of()).execute(args)).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("Error: " + dir.resolve("data/shards/manifest.json")
                + " already exists; pass --overwrite to replace it");
    }

    @Test
    void issuesWorkerCertificatesSignedByItsWorkerCaAndLaterMoreWithTheSameCa() throws Exception {
        Path tls = dir.resolve("tls");
        String[] common = {"--data-directory=" + dir.resolve("data"), "--tls-cert-file=" + tls.resolve("server.crt"),
                "--tls-key-file=" + tls.resolve("server.key")};
        int exit = commandLine(Map.of()).execute(concat(common, "--client-password=tiger", "--worker-password=united",
                "--tpch-scale-factor=0", "--shard-count=2", "--worker-certificate=worker-1", "--worker-certificate=worker-2"));
        assertThat(exit).as(err.toString()).isEqualTo(0);
        X509Certificate ca = PemFiles.readCertificates(tls.resolve("worker-ca.crt")).get(0);
        assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        for (String name : List.of("worker-1", "worker-2")) {
            X509Certificate issued = PemFiles.readCertificates(tls.resolve("workers/" + name + ".crt")).get(0);
            issued.verify(ca.getPublicKey());
            assertThat(issued.getSubjectX500Principal().getName()).contains("CN=" + name);
            assertThat(issued.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // TLS client authentication
            assertThat(issued.getBasicConstraints()).as("not a CA").isEqualTo(-1);
            assertOwnerOnly(tls.resolve("workers/" + name + ".key"));
        }
        assertOwnerOnly(tls.resolve("worker-ca.key"));

        byte[] caBefore = Files.readAllBytes(tls.resolve("worker-ca.crt"));
        byte[] usersBefore = Files.readAllBytes(dir.resolve("data/users.json"));
        out.getBuffer().setLength(0);
        exit = commandLine(Map.of()).execute(concat(common, "--worker-certificates-only", "--worker-certificate=worker-3"));
        assertThat(exit).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("wrote " + tls.resolve("workers/worker-3.crt"));
        PemFiles.readCertificates(tls.resolve("workers/worker-3.crt")).get(0).verify(ca.getPublicKey());
        assertThat(Files.readAllBytes(tls.resolve("worker-ca.crt"))).isEqualTo(caBefore);
        assertThat(Files.readAllBytes(dir.resolve("data/users.json"))).isEqualTo(usersBefore);

        err.getBuffer().setLength(0);
        assertThat(commandLine(Map.of()).execute(concat(common, "--worker-certificates-only", "--worker-certificate=worker-3")))
                .isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("Error: " + tls.resolve("workers/worker-3.crt")
                + " already exists; pass --overwrite to replace it");
    }

    @Test
    void workerCertificateNamesAreChecked() {
        assertUsageError("--worker-certificates-only needs at least one --worker-certificate NAME", "--worker-certificates-only");
        assertUsageError("worker certificate name '../x' must be 1 to 64 letters", "--worker-certificates-only",
                "--worker-certificate=../x");
        assertUsageError("worker certificate name 'w' is given twice", "--client-password=t", "--worker-certificate=w",
                "--worker-certificate=w");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static void assertOwnerOnly(Path file) throws Exception {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    private void assertUsageError(String expected, String... args) {
        err.getBuffer().setLength(0);
        assertThat(commandLine(Map.of()).execute(args)).isEqualTo(2);
        assertThat(err.toString()).contains(expected);
        assertThat(err.toString().strip().lines()).hasSize(1);
    }
}
