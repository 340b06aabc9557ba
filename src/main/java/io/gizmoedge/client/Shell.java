package io.gizmoedge.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: reads lines with JLine (history, editing) and hands them to a
 * {@link ShellSession}. Ctrl-C discards the statement being typed; Ctrl-D, {@code .quit} or
 * {@code .exit} leave.
 */
public final class Shell {
    public static final String PROMPT = "gizmo-edge> ";
    public static final String CONTINUATION_PROMPT = "...> ";
    public static final String HISTORY_FILE_NAME = ".gizmo_edge_history";

    private final LineReader reader;
    private final ShellSession session;

    /**
     * @param historyFile where history is kept between runs; null keeps it in memory only
     */
    public Shell(Terminal terminal, Path historyFile, ShellSession session) {
        Objects.requireNonNull(terminal, "terminal");
        this.session = Objects.requireNonNull(session, "session");
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("gizmo-edge")
                // '!' is ordinary SQL text, not a history reference
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT);
        if (historyFile != null) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        this.reader = builder.build();
    }

    /** The user's history file, {@code ~/.gizmo_edge_history}. */
    public static Path defaultHistoryFile() {
        return Path.of(System.getProperty("user.home"), HISTORY_FILE_NAME);
    }

    /** The terminal of this process, or a dumb one when input or output is not a terminal. */
    public static Terminal systemTerminal() throws IOException {
        return TerminalBuilder.builder().system(true).dumb(true).build();
    }

    /** Reads and handles lines until the user quits or input ends. */
    public void run() {
        while (true) {
            String line;
            try {
                line = reader.readLine(session.hasPendingInput() ? CONTINUATION_PROMPT : PROMPT);
            } catch (UserInterruptException e) {
                session.discardPendingInput();
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            if (session.accept(line) == ShellSession.Outcome.QUIT) {
                break;
            }
        }
        saveHistory();
    }

    private void saveHistory() {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            reader.getTerminal().writer().println("Warning: could not save the history: " + e.getMessage());
            reader.getTerminal().writer().flush();
        }
    }
}
