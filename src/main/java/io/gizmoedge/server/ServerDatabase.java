package io.gizmoedge.server;

import io.gizmoedge.engine.ClientSqlCheck;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.TableStore;
import io.gizmoedge.loading.DataStatement;
import io.gizmoedge.planner.ResultColumn;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.duckdb.DuckDBConnection;

/**
 * The server's full copy of every table (a {@link TableStore} over all shard files), locked down
 * before any client SQL reaches it. It answers queries that do not distribute and runs the server's
 * stages of distributed plans. Every connection it hands out runs inside a transaction that is
 * never committed, so no client statement can change the tables, and client SQL that would read the
 * server's configuration is refused ({@link ClientSqlCheck}).
 */
final class ServerDatabase {
    private final TableStore store;

    private ServerDatabase(TableStore store) {
        this.store = store;
    }

    /** The server's database over {@code store}, with schema {@code gizmo} of the cluster's state ({@link ClusterStateCatalog}). */
    static ServerDatabase over(TableStore store) throws SQLException {
        try (DuckDBConnection connection = store.newConnection()) {
            connection.setAutoCommit(true);
            ClusterStateCatalog.install(connection);
        }
        return new ServerDatabase(store);
    }

    /** A new connection for one query, in a transaction that is rolled back when it closes. */
    DuckDBConnection newConnection() throws SQLException {
        return store.newConnection();
    }

    /** Column names and DuckDB types single-node DuckDB gives for {@code sql} (a client's query). */
    List<ResultColumn> describe(String sql) throws SQLException {
        try (DuckDBConnection connection = newConnection()) {
            ClientSqlCheck.check(connection, sql);
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("DESCRIBE " + sql)) {
                List<ResultColumn> columns = new ArrayList<>();
                while (rows.next()) {
                    columns.add(new ResultColumn(rows.getString("column_name"), rows.getString("column_type")));
                }
                return columns;
            }
        }
    }

    /**
     * Refuses a data statement whose query (CREATE TABLE ... AS query, INSERT INTO ... query) would
     * read the server's configuration into a table ({@link ClientSqlCheck}); the query itself runs
     * later, where the loader reads its rows.
     */
    void checkQueryOf(DataStatement statement) throws QueryFailure {
        Optional<String> query = statement instanceof DataStatement.CreateTable create ? create.query()
                : statement instanceof DataStatement.InsertInto insert ? Optional.of(insert.query()) : Optional.empty();
        if (query.isEmpty()) {
            return;
        }
        try (DuckDBConnection connection = newConnection()) {
            ClientSqlCheck.check(connection, query.get());
        } catch (SQLException e) {
            throw new QueryFailure(DuckDbErrors.oneLine(e), e);
        }
    }
}
