package io.gizmoedge.planner;

import java.util.regex.Pattern;
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

    /**
     * RelToSqlConverter gives a semi-join over a sub-query two aliases ({@code (…) AS "t" AS "t0"});
     * the outer one is the name the rest of the statement uses.
     */
    private static final Pattern DOUBLE_ALIAS = Pattern.compile("\\) AS \"[A-Za-z0-9_$]+\" AS (\"[A-Za-z0-9_$]+\")");

    private DuckDbSqlWriter() {
    }

    static String toSql(RelNode rel) {
        RelToSqlConverter converter = new RelToSqlConverter(DIALECT);
        String sql = converter.visitRoot(rel).asStatement().toSqlString(DIALECT).getSql();
        return DOUBLE_ALIAS.matcher(sql).replaceAll(") AS $1");
    }
}
