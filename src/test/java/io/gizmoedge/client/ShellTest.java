package io.gizmoedge.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.protocol.DistributedMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellTest {
    private final FakeQueryExecutor executor = new FakeQueryExecutor();
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);

    @AfterEach
    void allMemoryReleased() {
        assertThat(executor.allocator.getAllocatedMemory()).isZero();
        executor.allocator.close();
    }

    private ShellSession session(PrintWriter writer) {
        StatementRunner runner = new StatementRunner(executor, OutputFormat.TABLE.formatter(), 100,
                ClientOutput.single(writer), () -> 0L);
        return new ShellSession(runner, io.gizmoedge.protocol.QueryOptions.DEFAULT, "wss://h:1/client as scott",
                "table, at most 100 rows shown per result", writer);
    }

    @Test
    void statementsSpanLinesUntilASemicolon() {
        ShellSession session = session(out);
        session.accept("SELECT n,");
        assertThat(session.hasPendingInput()).isTrue();
        assertThat(executor.executed).isEmpty();
        session.accept("  name FROM t; SELECT 2");
        assertThat(executor.executed).containsExactly("SELECT n,\n  name FROM t");
        session.accept(";");
        assertThat(executor.executed).containsExactly("SELECT n,\n  name FROM t", "SELECT 2");
        assertThat(session.hasPendingInput()).isFalse();
        assertThat(text.toString()).contains(" n | name", "(3 rows, 0 ms)", "distributed to 2 workers over 4 shards");
    }

    @Test
    void setAndShowChangeTheOptionsSentWithQueries() {
        ShellSession session = session(out);
        session.accept(".set distributed = force;");
        session.accept(".set summarize = false");
        session.accept("SELECT 1;");
        assertThat(executor.options.get(0).distributed()).isEqualTo(DistributedMode.FORCE);
        assertThat(executor.options.get(0).summarize()).isFalse();
        session.accept(".show");
        assertThat(text.toString()).contains("distributed = force", "summarize = false",
                "connection:  wss://h:1/client as scott", "output:      table, at most 100 rows");
    }

    @Test
    void importIsListedByHelpAndAPathMatchingNothingIsOneErrorLine(@TempDir Path laptop) {
        ShellSession session = session(out);
        session.accept(".help");
        assertThat(text.toString()).contains(".import TABLE FROM 'PATH' [PLACEMENT]");
        session.accept(".import events FROM '" + laptop + "/*.parquet' DISTRIBUTED BY (id)");
        session.accept(".import events FROM '" + laptop + "/x.txt'");
        session.accept("SELECT 1;");
        assertThat(text.toString()).contains("Error: no file matches '" + laptop + "/*.parquet'; check the path, nothing was sent",
                "Error: cannot tell the format of '" + laptop + "/x.txt' from its extension");
        assertThat(executor.executed).containsExactly("SELECT 1");
    }

    @Test
    void errorsAreOneLineAndTheSessionGoesOn() {
        ShellSession session = session(out);
        assertThat(session.accept(".set distributed = sometimes")).isEqualTo(ShellSession.Outcome.CONTINUE);
        session.accept("SELECT * FROM fail;");
        session.accept("SELECT disconnect;");
        session.accept("SELECT 1;");
        assertThat(text.toString().lines().filter(line -> line.startsWith("Error: "))).containsExactly(
                "Error: distributed must be true, false or force, not 'sometimes'",
                "Error: Table with name nope does not exist",
                "Error: the connection to the server failed (connection reset); check that the server is running, "
                        + "then reconnect");
        assertThat(executor.executed).hasSize(3);
    }

    @Test
    void dotLinesInsideAStatementAreSql() {
        ShellSession session = session(out);
        session.accept("SELECT");
        session.accept(".5;");
        assertThat(executor.executed).containsExactly("SELECT\n.5");
    }

    @Test
    void quitAndDiscard() {
        ShellSession session = session(out);
        session.accept("SELECT 'unfinished");
        session.discardPendingInput();
        assertThat(session.hasPendingInput()).isFalse();
        assertThat(session.accept(".exit;")).isEqualTo(ShellSession.Outcome.QUIT);
        assertThat(session.accept(".quit")).isEqualTo(ShellSession.Outcome.QUIT);
    }

    @Test
    void jlineShellOnADumbTerminalRunsUntilQuit(@TempDir Path home) throws Exception {
        String input = "SELECT n,\nname FROM t;\n.help\nSELECT 'a!b';\n.quit\nSELECT 'never';\n";
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Path history = home.resolve(Shell.HISTORY_FILE_NAME);
        try (Terminal terminal = new DumbTerminal("test", "dumb",
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8)) {
            new Shell(terminal, history, session(terminal.writer())).run();
        }
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertThat(executor.executed).containsExactly("SELECT n,\nname FROM t", "SELECT 'a!b'");
        assertThat(shown).contains(Shell.PROMPT, Shell.CONTINUATION_PROMPT, " n | name", ".set distributed");
        assertThat(Files.readString(history)).contains("SELECT 'a!b';");
    }

    @Test
    void jlineShellEndsAtEndOfInput(@TempDir Path home) throws Exception {
        try (Terminal terminal = new DumbTerminal("test", "dumb",
                new ByteArrayInputStream("SELECT 1;\nSELECT".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), StandardCharsets.UTF_8)) {
            new Shell(terminal, home.resolve("h"), session(terminal.writer())).run();
        }
        assertThat(executor.executed).containsExactly("SELECT 1");
    }
}
