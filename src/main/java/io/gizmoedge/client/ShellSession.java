package io.gizmoedge.client;

import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * What the interactive shell does with each line it reads, apart from the terminal: collects SQL until
 * a semicolon ends a statement, runs the statements, and carries out shell commands. Errors are written
 * as one line starting with {@code Error:} and the session goes on.
 */
public final class ShellSession {
    /** What the shell does after a line. */
    public enum Outcome {
        CONTINUE,
        QUIT
    }

    static final String HELP = String.join(System.lineSeparator(),
            "Type SQL statements ended by ';' (they may span lines), or a shell command:",
            "  .set distributed = true|false|force   true: distribute when proven correct; false: run on the server;",
            "                                        force: run the SQL unchanged on every worker (raw union)",
            "  .set summarize = true|false           false: return the workers' partial results unmerged",
            "  .set timeout = 30s|none               cancel a statement that runs longer (the server's",
            "                                        --query-timeout applies too; the shorter one wins)",
            "  .explain QUERY                        the stages the query would run as, and why any part",
            "                                        runs on the server (same as EXPLAIN QUERY;)",
            "  .import TABLE FROM 'PATH' [PLACEMENT]  send the rows of files on this machine (a path or glob",
            "                                        ending in .parquet, .csv or .json) to TABLE; PLACEMENT",
            "                                        (DISTRIBUTED BY (column), DISTRIBUTED LIKE parent ON (...)",
            "                                        or REPLICATED) creates TABLE, else it must exist",
            "  .show                                 current settings and connection",
            "  .help                                 this text",
            "  .quit or .exit (or Ctrl-D)            leave the shell",
            "Ctrl-C discards the statement being typed, or cancels the one running.");

    private final StatementRunner runner;
    private final StatementSplitter splitter;
    private final DotCommandParser commands;
    private final String connection;
    private final String outputDescription;
    private final PrintWriter out;
    private final StringBuilder pending = new StringBuilder();
    private QueryOptions options;

    /**
     * @param connection one line describing the connection, shown by {@code .show}
     * @param outputDescription one line describing the output settings, shown by {@code .show}
     */
    public ShellSession(StatementRunner runner, QueryOptions options, String connection, String outputDescription,
            PrintWriter out) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.options = Objects.requireNonNull(options, "options");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.outputDescription = Objects.requireNonNull(outputDescription, "outputDescription");
        this.out = Objects.requireNonNull(out, "out");
        this.splitter = new StatementSplitter();
        this.commands = new DotCommandParser();
    }

    /** Whether a statement has been started but not ended (the shell shows the continuation prompt). */
    public boolean hasPendingInput() {
        return pending.length() > 0;
    }

    /** Forgets the statement being typed (Ctrl-C). */
    public void discardPendingInput() {
        pending.setLength(0);
    }

    /** Handles one line of input. */
    public Outcome accept(String line) {
        try {
            if (!hasPendingInput() && commands.isCommand(line)) {
                return runCommand(line);
            }
            pending.append(line).append('\n');
            StatementSplitter.Result split = splitter.split(pending.toString());
            pending.setLength(0);
            if (split.needsMoreInput()) {
                pending.append(split.remainder());
            }
            for (Statement statement : split.complete()) {
                runStatement(statement);
            }
            return Outcome.CONTINUE;
        } finally {
            out.flush();
        }
    }

    private void runStatement(Statement statement) {
        reportingFailures(() -> runner.run(statement.sql(), options));
    }

    private void runImport(DotCommand.Import command) {
        reportingFailures(() -> runner.runImport(command, true));
    }

    /** Something sent to the server; its failure is reported as one line and the shell goes on. */
    private interface ServerAction {
        void run() throws QueryFailedException, IOException;
    }

    private void reportingFailures(ServerAction action) {
        try {
            action.run();
        } catch (QueryFailedException e) {
            error(e.getMessage());
        } catch (IOException e) {
            error(ErrorMessages.connectionLost(e));
        } catch (RuntimeException e) {
            error(ErrorMessages.unexpected(e));
        }
    }

    private String timeoutLabel() {
        return options.timeoutMillis() == 0 ? "none"
                : io.gizmoedge.protocol.DurationText.format(java.time.Duration.ofMillis(options.timeoutMillis()));
    }

    private Outcome execute(DotCommand command) {
        if (command instanceof DotCommand.SetDistributed set) {
            options = options.withDistributed(set.mode());
            out.println("distributed = " + set.mode().label());
        } else if (command instanceof DotCommand.SetSummarize set) {
            options = options.withSummarize(set.summarize());
            out.println("summarize = " + set.summarize());
        } else if (command instanceof DotCommand.SetTimeout set) {
            options = options.withTimeout(set.timeout());
            out.println("timeout = " + timeoutLabel());
        } else if (command instanceof DotCommand.Show) {
            out.println("connection:  " + connection);
            out.println("distributed = " + options.distributed().label());
            out.println("summarize = " + options.summarize());
            out.println("timeout = " + timeoutLabel());
            out.println("output:      " + outputDescription);
        } else if (command instanceof DotCommand.Explain explain) {
            runStatement(new Statement("EXPLAIN " + explain.query(), 1));
        } else if (command instanceof DotCommand.Import load) {
            runImport(load);
        } else if (command instanceof DotCommand.Help) {
            out.println(HELP);
        } else if (command instanceof DotCommand.Quit) {
            return Outcome.QUIT;
        }
        return Outcome.CONTINUE;
    }

    private void error(String message) {
        out.println("Error: " + message);
    }

    private Outcome runCommand(String line) {
        try {
            return execute(commands.parse(line));
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return Outcome.CONTINUE;
        }
    }
}
