package io.gizmoedge.planner;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** A query result held in memory for comparison: column names, DuckDB column types and rows. */
record QueryResultTable(List<ResultColumn> columns, List<List<Object>> rows) {
    QueryResultTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** Runs {@code sql}: its columns come from DESCRIBE, its rows from the query itself. */
    static QueryResultTable run(Connection connection, String sql) throws SQLException {
        List<ResultColumn> columns = describe(connection, sql);
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int count = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= count; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(java.util.Collections.unmodifiableList(row));
            }
        }
        return new QueryResultTable(columns, rows);
    }

    /** The columns {@code DESCRIBE sql} gives on {@code connection}, in order. */
    static List<ResultColumn> describe(Connection connection, String sql) throws SQLException {
        return describe(connection, sql, ResultColumn::new);
    }

    /** The columns {@code DESCRIBE sql} gives on {@code connection}, in order, each made by {@code column} from name and type. */
    static <C> List<C> describe(Connection connection, String sql, BiFunction<String, String, C> column)
            throws SQLException {
        List<C> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("DESCRIBE " + sql)) {
            while (rs.next()) {
                columns.add(column.apply(rs.getString("column_name"), rs.getString("column_type")));
            }
        }
        return columns;
    }
}
