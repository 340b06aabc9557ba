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
import java.nio.file.Path;
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

    private void assertUsageError(String expected, String... args) {
        err.getBuffer().setLength(0);
        assertThat(commandLine(Map.of()).execute(args)).isEqualTo(2);
        assertThat(err.toString()).contains(expected);
        assertThat(err.toString().strip().lines()).hasSize(1);
    }
}
