package io.gizmoedge.planner;

import java.sql.SQLException;
import java.util.List;

/**
 * Tells the result columns single-node DuckDB gives for a query (on the server: {@code DESCRIBE}
 * on the full database). The planner uses it to give distributed results the exact same names and types.
 */
@FunctionalInterface
public interface SchemaDescriber {
    List<ResultColumn> describe(String sql) throws SQLException;
}
