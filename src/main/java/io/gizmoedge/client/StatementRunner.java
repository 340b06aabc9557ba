package io.gizmoedge.client;

import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs one statement through the {@link QueryExecutor} and writes its rows, then the row count and
 * elapsed time, then the server's summary line. Failures are thrown for the caller to report.
 */
public final class StatementRunner {
    private final QueryExecutor executor;
    private final ResultFormatter formatter;
    private final long maxRows;
    private final ClientOutput output;
    private final LongSupplier nanoClock;

    /**
     * @param maxRows the most rows to write per result; 0 or less writes all
     */
    public StatementRunner(QueryExecutor executor, ResultFormatter formatter, long maxRows, ClientOutput output) {
        this(executor, formatter, maxRows, output, System::nanoTime);
    }

    StatementRunner(QueryExecutor executor, ResultFormatter formatter, long maxRows, ClientOutput output,
            LongSupplier nanoClock) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.formatter = Objects.requireNonNull(formatter, "formatter");
        this.maxRows = maxRows;
        this.output = Objects.requireNonNull(output, "output");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Runs {@code sql} with {@code options} and writes the answer.
     *
     * @throws QueryFailedException when the server rejects or fails the statement
     * @throws IOException when the connection fails
     */
    public void run(String sql, QueryOptions options) throws QueryFailedException, IOException {
        long started = nanoClock.getAsLong();
        try (QueryResult result = executor.execute(sql, options)) {
            write(result, started);
        }
    }

    /**
     * Carries out {@code .import}: reads the local files, sends their rows with progress on the
     * error output ({@code liveProgress}: a line rewritten as rows go, else only the final line),
     * and writes the server's answer as for any statement.
     *
     * @throws QueryFailedException when the files cannot be read or the server refuses or fails the import
     * @throws IOException when the connection fails
     */
    public void runImport(DotCommand.Import command, boolean liveProgress) throws QueryFailedException, IOException {
        long started = nanoClock.getAsLong();
        ImportProgress progress = new ImportProgress(output.errors(), liveProgress);
        try (LocalFileRows rows = LocalFileRows.open(command.path(), progress);
                QueryResult result = executor.importRows(command.table(), command.placement(), rows)) {
            write(result, started);
        }
    }

    private void write(QueryResult result, long startedNanos) throws IOException {
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - startedNanos);
        long shown = formatter.write(result, maxRows, output.data());
        output.data().flush();
        output.messages().println(ResultFooter.describe(result.rowCount(), shown, elapsedMillis));
        output.messages().println(result.summary().describe());
        output.messages().flush();
    }
}
