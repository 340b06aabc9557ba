package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.DuckDbQueryRunner;
import io.gizmoedge.engine.HashPartitioning;
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
        return onOwnConnection(sql, inputs, setup, connection -> queryRunner.run(connection, sql, inputs, sink, cancellation));
    }

    /** As {@link #run(String, List, PayloadSink, Cancellation)}, the rows divided by {@code partitioning}. */
    long runDivided(String sql, List<ArrowTable> inputs, HashPartitioning partitioning, HashPartitioning.PartSink sink,
            Cancellation cancellation) throws QueryFailure, IOException {
        return onOwnConnection(sql, inputs, ConnectionSetup.NONE,
                connection -> queryRunner.runPartitioned(connection, sql, inputs, partitioning, sink, cancellation));
    }

    /** Work on a connection to the server's database. */
    @FunctionalInterface
    private interface ConnectionWork {
        long run(DuckDBConnection connection) throws SQLException, IOException;
    }

    /** Runs {@code work} on a new connection prepared by {@code setup}; a DuckDB error becomes the user's one line. */
    private long onOwnConnection(String sql, List<ArrowTable> inputs, ConnectionSetup setup, ConnectionWork work)
            throws QueryFailure, IOException {
        try (DuckDBConnection connection = database.newConnection()) {
            setup.prepare(connection);
            return work.run(connection);
        } catch (SQLException e) {
            if (!inputs.isEmpty()) {
                LOG.warn("server stage failed: {} -- SQL: {}", e.getMessage(), sql);
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
