package io.gizmoedge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.client.ConnectionSettings;
import io.gizmoedge.client.FakeQueryExecutor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClientCommandTest {
    private final FakeQueryExecutor executor = new FakeQueryExecutor();
    private final List<ConnectionSettings> connections = new ArrayList<>();
    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    @AfterEach
    void allMemoryReleased() {
        assertThat(executor.allocator.getAllocatedMemory()).isZero();
        executor.allocator.close();
    }

    private int run(String... args) {
        ClientCommand command = new ClientCommand(settings -> {
            connections.add(settings);
            return executor;
        }, prompt -> null);
        return new CommandLine(command).setOut(new PrintWriter(stdout)).setErr(new PrintWriter(stderr))
                .execute(args);
    }

    private static String[] args(String... rest) {
        List<String> all = new ArrayList<>(List.of("--no-tls", "--password=tiger"));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @Test
    void csvStandardOutputCarriesOnlyData() {
        assertThat(run(args("--output=csv", "-c", "SELECT 1", "-c", "SELECT 2;"))).isZero();
        assertThat(stdout.toString()).isEqualTo(
                "n,name\r\n1,row 1\r\n2,row 2\r\n3,row 3\r\n" + "n,name\r\n1,row 1\r\n2,row 2\r\n3,row 3\r\n");
        assertThat(stderr.toString()).contains("(3 rows, ", "distributed to 2 workers over 4 shards");
        assertThat(executor.closed).isTrue();
    }

    @Test
    void jsonStandardOutputCarriesOnlyDataAndShowsAllRowsByDefault() {
        assertThat(run(args("--output", "JSON", "-c", "SELECT rows 150"))).isZero();
        assertThat(stdout.toString().lines()).hasSize(150).allMatch(line -> line.startsWith("{\"n\":"));
        assertThat(stderr.toString()).contains("(150 rows, ").doesNotContain("{");
    }

    @Test
    void tableShowsAtMostTheLimitAndSaysHowManyWereOmitted() {
        assertThat(run(args("-c", "SELECT rows 150"))).isZero();
        assertThat(stdout.toString()).contains(" 100 | row 100").doesNotContain("row 101")
                .contains("(150 rows, ").contains("50 omitted");
        assertThat(run(args("--max-result-set-rows=2", "-c", "SELECT rows 5"))).isZero();
        assertThat(stdout.toString()).contains("3 omitted");
    }

    @Test
    void stopsAtTheFirstFailureAndNamesIt(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("q.sql"), "SELECT 1;\n\nSELECT * FROM fail;\nSELECT 3;\n");
        assertThat(run(args("--output=csv", "-c", "SELECT 0", "-f", script.toString()))).isEqualTo(1);
        assertThat(executor.executed).containsExactly("SELECT 0", "SELECT 1", "SELECT * FROM fail");
        assertThat(stderr.toString()).contains("Error in statement 3 (" + script + ", line 3: SELECT * FROM fail): "
                + "Table with name nope does not exist");
        assertThat(stdout.toString()).doesNotContain("Error");
    }

    @Test
    void missingScriptFileFailsBeforeConnecting() {
        assertThat(run(args("-f", "/no/such/file.sql"))).isEqualTo(1);
        assertThat(stderr.toString()).startsWith("Error: cannot read the script /no/such/file.sql");
        assertThat(connections).isEmpty();
    }

    @Test
    void connectionFailureIsOneLineAndExitOne() {
        ClientCommand command = new ClientCommand(settings -> {
            throw new IOException("Connection refused");
        }, prompt -> null);
        int exit = new CommandLine(command).setOut(new PrintWriter(stdout)).setErr(new PrintWriter(stderr))
                .execute(args("-c", "SELECT 1"));
        assertThat(exit).isEqualTo(1);
        assertThat(stderr.toString().lines()).hasSize(1).first().asString()
                .startsWith("Error: cannot connect to ws://localhost:8765/client: Connection refused.");
    }

    @Test
    void missingPasswordWithoutTerminalIsAUsageError() {
        assertThat(run("--no-tls", "-c", "SELECT 1")).isEqualTo(2);
        assertThat(stderr.toString()).contains("pass --password or set CLIENT_PASSWORD");
    }

    @Test
    void optionsBecomeConnectionSettings(@TempDir Path dir) throws IOException {
        Path roots = Files.writeString(dir.resolve("server.crt"), "pem");
        assertThat(run("--server-hostname=db", "--server-port=9000", "--tls-roots=" + roots, "--no-tls-verify",
                "--username=ann", "--password=pw", "--max-websocket-message-size=1024", "-c", "SELECT 1")).isZero();
        assertThat(connections).containsExactly(
                new ConnectionSettings("db", 9000, true, roots, false, "ann", "pw", 1024));
    }

    @Test
    void tlsIsOnByDefaultAndMissingRootsFileSaysWhatToDo() {
        assertThat(run("--tls-roots=/no/such.crt", "--password=pw", "-c", "SELECT 1")).isEqualTo(1);
        assertThat(stderr.toString()).contains("cannot read the TLS roots file /no/such.crt", "--no-tls-verify");
        assertThat(run("--tls", "--tls-roots=", "--password=pw", "-c", "SELECT 1")).isZero();
        assertThat(connections.get(0).useTls()).isTrue();
        assertThat(connections.get(0).tlsRootsFile()).isNull();
        assertThat(connections.get(0).tlsVerify()).isTrue();
    }

    @Test
    void badOutputFormatIsAUsageError() {
        assertThat(run(args("--output=xml", "-c", "SELECT 1"))).isEqualTo(2);
        assertThat(stderr.toString()).contains("'xml' is not an output format; use table, csv or json");
    }
}
