package io.gizmoedge.bootstrap;

import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads table definitions (columns with DuckDB types, row counts) from a DuckDB database. */
final class DuckDbCatalogReader {
    private DuckDbCatalogReader() {
    }

    /** The columns of {@code table} in order, with the types DuckDB reports in information_schema. */
    static List<ColumnDefinition> columns(Connection connection, String table) throws SQLException {
        List<ColumnDefinition> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT column_name, data_type FROM information_schema.columns "
                        + "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(new ColumnDefinition(rs.getString(1), rs.getString(2)));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("table " + table + " does not exist in the database");
        }
        return columns;
    }

    static long rowCount(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static TableDefinition table(Connection connection, TablePlacement placement) throws SQLException {
        return new TableDefinition(placement.table(), placement.distribution(), placement.colocationKeys(),
                columns(connection, placement.table()), rowCount(connection, placement.table()));
    }
}
