package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.DuckDbQueryRunner;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SQL on a connection of its own to the server's database (a whole query, or a plan's server
 * stage over earlier stages' results) and streams the answer as Arrow payloads; a DuckDB error
 * becomes the user's one-line {@link QueryFailure}.
 */
final class ServerQueryRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ServerQueryRunner.class);

    /** Prepares a query's own server connection before its SQL runs (fills the tables of schema gizmo). */
    @FunctionalInterface
    interface ConnectionSetup {
        ConnectionSetup NONE = connection -> { };

        void prepare(DuckDBConnection connection) throws SQLException;
    }

    private final ServerDatabase database;
    private final DuckDbQueryRunner queryRunner;

    ServerQueryRunner(ServerDatabase database, DuckDbQueryRunner queryRunner) {
        this.database = database;
        this.queryRunner = queryRunner;
    }

    /** Runs {@code sql} over {@code inputs} (registered as tables named after them); returns the rows sent to {@code sink}. */
    long run(String sql, List<ArrowTable> inputs, PayloadSink sink, Cancellation cancellation)
            throws QueryFailure, IOException {
        return run(sql, inputs, sink, cancellation, ConnectionSetup.NONE);
    }

    /** As {@link #run(String, List, PayloadSink, Cancellation)}, after {@code setup} prepared the connection. */
    long run(String sql, List<ArrowTable> inputs, PayloadSink sink, Cancellation cancellation, ConnectionSetup setup)
            throws QueryFailure, IOException {
        return run(List.of(sql), inputs, List.of(sink), cancellation, setup);
    }

    /**
     * Runs each of {@code statements} in turn on one connection, over {@code inputs} registered once;
     * statement i's payloads go to {@code sinks.get(i)}.
     */
    void runEach(List<String> statements, List<ArrowTable> inputs, List<PayloadSink> sinks, Cancellation cancellation)
            throws QueryFailure, IOException {
        run(statements, inputs, sinks, cancellation, ConnectionSetup.NONE);
    }

    /** Runs the statements in turn on one new connection prepared by {@code setup}; returns the rows of all. */
    private long run(List<String> statements, List<ArrowTable> inputs, List<PayloadSink> sinks, Cancellation cancellation,
            ConnectionSetup setup) throws QueryFailure, IOException {
        if (statements.size() != sinks.size()) {
            throw new IllegalArgumentException(statements.size() + " statements for " + sinks.size() + " sinks");
        }
        try (DuckDBConnection connection = database.newConnection()) {
            setup.prepare(connection);
            long rows = 0;
            for (int i = 0; i < statements.size(); i++) {
                // the first statement registers the inputs; they stay on the connection for the others
                rows += queryRunner.run(connection, statements.get(i), i == 0 ? inputs : List.of(), sinks.get(i),
                        cancellation);
            }
            return rows;
        } catch (SQLException e) {
            if (!inputs.isEmpty()) {
                LOG.warn("server stage failed: {} -- SQL: {}", e.getMessage(), statements);
            }
            throw new QueryFailure(queryError(e), e);
        }
    }

    /** DuckDB's line, with what to do instead when a query tried to read a file. */
    private static String queryError(SQLException e) {
        String line = DuckDbErrors.oneLine(e);
        if (line.startsWith("Permission Error") && line.contains("file system operations are disabled")) {
            return line + ". Queries cannot read files; an admin loads them into a table with CREATE TABLE t"
                    + " DISTRIBUTED BY (column) AS SELECT * FROM read_parquet('...') (see docs/loading.md)";
        }
        return line;
    }
}
