package io.gizmoedge.server;

import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.planner.ResultColumn;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * The server's two DuckDB databases: the full database (read-only; answers queries that do not
 * distribute) and an in-memory merge database (combines the workers' partial results). Both are
 * locked down before any client SQL reaches them. Each query works on its own duplicate connection.
 */
final class ServerDatabase implements AutoCloseable {
    private final DuckDBConnection fullDatabase;
    private final DuckDBConnection mergeDatabase;

    ServerDatabase(Path databaseFile, DuckDbSettings settings) throws SQLException {
        this.fullDatabase = DuckDbDatabases.openReadOnly(databaseFile, settings);
        try {
            DuckDbDatabases.lockDown(fullDatabase);
            this.mergeDatabase = DuckDbDatabases.openInMemory(settings);
            DuckDbDatabases.lockDown(mergeDatabase);
        } catch (SQLException e) {
            fullDatabase.close();
            throw e;
        }
    }

    /** A new connection to the full database; the caller closes it. */
    DuckDBConnection fullDatabaseConnection() throws SQLException {
        return fullDatabase.duplicate();
    }

    /** A new connection to the merge database; the caller closes it. */
    DuckDBConnection mergeConnection() throws SQLException {
        return mergeDatabase.duplicate();
    }

    /** Column names and DuckDB types single-node DuckDB gives for {@code sql}. */
    List<ResultColumn> describe(String sql) throws SQLException {
        try (DuckDBConnection connection = fullDatabase.duplicate();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("DESCRIBE " + sql)) {
            List<ResultColumn> columns = new ArrayList<>();
            while (rows.next()) {
                columns.add(new ResultColumn(rows.getString("column_name"), rows.getString("column_type")));
            }
            return columns;
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            mergeDatabase.close();
        } finally {
            fullDatabase.close();
        }
    }
}
