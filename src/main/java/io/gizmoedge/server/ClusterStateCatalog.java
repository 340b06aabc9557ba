package io.gizmoedge.server;

import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.engine.SqlNames;
import io.gizmoedge.planner.ClusterStateTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Schema {@code gizmo} in the server's DuckDB. At start, an in-memory database attached as
 * {@code gizmo} gets one view per table of {@link ClusterStateTables}, each reading a temporary table
 * of the connection that runs the query. Before a query over them runs, {@link #load} fills those
 * temporary tables on that query's own connection with the rows its caller may see: another
 * connection's temporary tables are invisible, so a query sees only its own snapshot, and the
 * client's SQL runs unchanged.
 */
final class ClusterStateCatalog {
    private static final int INSERT_BATCH = 512;

    private ClusterStateCatalog() {
    }

    /** Attaches the database {@code gizmo} and creates its views; {@code connection} commits them. */
    static void install(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet current = statement.executeQuery("SELECT current_database()")) {
                if (current.next() && ClusterStateTables.SCHEMA.equalsIgnoreCase(current.getString(1))) {
                    throw new SQLException("the server's database file must not be named " + ClusterStateTables.SCHEMA
                            + ".duckdb: that name is taken by the schema describing the cluster; choose another --database-file");
                }
            }
            statement.execute("ATTACH ':memory:' AS " + SqlNames.quote(ClusterStateTables.SCHEMA));
            for (ClusterStateTables.Table table : ClusterStateTables.ALL) {
                // DuckDB binds a view when it is created: the temporary table exists only meanwhile
                statement.execute(createTemporary(table));
                statement.execute("CREATE VIEW " + SqlNames.quote(ClusterStateTables.SCHEMA) + ".main."
                        + SqlNames.quote(table.name()) + " AS SELECT * FROM " + temporaryName(table));
                statement.execute("DROP TABLE " + temporaryName(table));
            }
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /** Creates {@code table}'s temporary table on {@code connection} (one query's) holding {@code rows}. */
    static void load(Connection connection, ClusterStateTables.Table table, List<List<Object>> rows)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(createTemporary(table));
        }
        if (rows.isEmpty()) {
            return;
        }
        String placeholders = String.join(", ", Collections.nCopies(table.columns().size(), "?"));
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + temporaryName(table) + " VALUES (" + placeholders + ")")) {
            int batched = 0;
            for (List<Object> row : rows) {
                if (row.size() != table.columns().size()) {
                    throw new IllegalArgumentException("a row of gizmo." + table.name() + " has " + row.size()
                            + " values for " + table.columns().size() + " columns");
                }
                for (int i = 0; i < row.size(); i++) {
                    insert.setObject(i + 1, row.get(i));
                }
                insert.addBatch();
                if (++batched == INSERT_BATCH) {
                    insert.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) {
                insert.executeBatch();
            }
        }
    }

    private static String createTemporary(ClusterStateTables.Table table) {
        return "CREATE TEMPORARY TABLE " + SqlNames.quote(temporaryTable(table)) + " ("
                + table.columns().stream().map(ClusterStateCatalog::definition).collect(Collectors.joining(", ")) + ")";
    }

    private static String definition(ColumnDefinition column) {
        return SqlNames.quote(column.name()) + " " + column.type();
    }

    private static String temporaryName(ClusterStateTables.Table table) {
        return "temp.main." + SqlNames.quote(temporaryTable(table));
    }

    private static String temporaryTable(ClusterStateTables.Table table) {
        return "gizmo_state_" + table.name();
    }
}
