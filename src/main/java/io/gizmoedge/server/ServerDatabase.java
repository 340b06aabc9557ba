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
 * The server's full database: read-only and locked down before any client SQL reaches it. It
 * answers queries that do not distribute, and runs the server's stages of distributed plans
 * (the workers' gathered results become temporary tables of that query's own connection).
 */
final class ServerDatabase implements AutoCloseable {
    private final DuckDBConnection database;

    ServerDatabase(Path databaseFile, DuckDbSettings settings) throws SQLException {
        this.database = DuckDbDatabases.openReadOnly(databaseFile, settings);
        try {
            DuckDbDatabases.lockDown(database);
        } catch (SQLException e) {
            database.close();
            throw e;
        }
    }

    /** A new connection for one query; the caller closes it (and with it the query's temporary tables). */
    DuckDBConnection newConnection() throws SQLException {
        return database.duplicate();
    }

    /** Column names and DuckDB types single-node DuckDB gives for {@code sql}. */
    List<ResultColumn> describe(String sql) throws SQLException {
        try (DuckDBConnection connection = newConnection();
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
        database.close();
    }
}
