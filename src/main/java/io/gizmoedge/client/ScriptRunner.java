package io.gizmoedge.client;

import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Runs the statements of {@code -c} and {@code -f} sources in order and stops at the first failure,
 * like psql with ON_ERROR_STOP, naming the statement that failed. Of the shell commands only
 * {@code .import} may appear, ended by a semicolon like a statement.
 */
public final class ScriptRunner {
    /** Exit status when every statement succeeded. */
    public static final int SUCCESS = 0;
    /** Exit status when a statement failed or the connection broke. */
    public static final int STATEMENT_FAILED = 1;

    private final StatementRunner runner;
    private final StatementSplitter splitter;
    private final QueryOptions options;
    private final ClientOutput output;
    private final DotCommandParser commands = new DotCommandParser();

    public ScriptRunner(StatementRunner runner, StatementSplitter splitter, QueryOptions options, ClientOutput output) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.splitter = Objects.requireNonNull(splitter, "splitter");
        this.options = Objects.requireNonNull(options, "options");
        this.output = Objects.requireNonNull(output, "output");
    }

    /** Runs every statement of {@code sources}; returns {@link #SUCCESS} or {@link #STATEMENT_FAILED}. */
    public int run(List<ScriptSource> sources) {
        int number = 0;
        for (ScriptSource source : sources) {
            for (Statement statement : splitter.splitScript(source.text())) {
                number++;
                String failure = runOne(statement);
                if (failure != null) {
                    output.errors().println("Error in statement " + number + " (" + source.name() + ", line "
                            + statement.line() + ": " + statement.preview() + "): " + failure);
                    output.errors().println("Stopped at the first failure; the statements after it did not run.");
                    output.flush();
                    return STATEMENT_FAILED;
                }
            }
        }
        output.flush();
        return SUCCESS;
    }

    /** Runs one statement; returns null on success or the reason it failed. */
    private String runOne(Statement statement) {
        try {
            if (!commands.isCommand(statement.sql())) {
                runner.run(statement.sql(), options);
                return null;
            }
            DotCommand command;
            try {
                command = commands.parse(statement.sql());
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            if (!(command instanceof DotCommand.Import load)) {
                return "only .import runs in -c and -f scripts; the other shell commands are for the interactive shell";
            }
            runner.runImport(load, false);
            return null;
        } catch (QueryFailedException e) {
            return e.getMessage();
        } catch (IOException e) {
            return ErrorMessages.connectionLost(e);
        } catch (RuntimeException e) {
            return ErrorMessages.unexpected(e);
        }
    }
}
