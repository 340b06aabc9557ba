package io.gizmoedge.planner;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;

/** Turns a relational tree into DuckDB SQL with Calcite's DuckDB dialect. */
final class DuckDbSqlWriter {
    /**
     * Calcite's DuckDB dialect, except that it says what DuckDB answers ("aggregate function calls
     * cannot be nested"): an aggregate over an aggregate's result needs a sub-query.
     */
    private static final SqlDialect DIALECT = new DuckDBSqlDialect(DuckDBSqlDialect.DEFAULT_CONTEXT) {
        @Override
        public boolean supportsNestedAggregations() {
            return false;
        }
    };

    private DuckDbSqlWriter() {
    }

    static String toSql(RelNode rel) {
        RelToSqlConverter converter = new RelToSqlConverter(DIALECT);
        return converter.visitRoot(rel).asStatement().toSqlString(DIALECT).getSql();
    }
}
