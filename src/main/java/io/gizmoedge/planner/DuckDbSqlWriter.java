package io.gizmoedge.planner;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;

/** Turns a relational tree into DuckDB SQL with Calcite's DuckDB dialect. */
final class DuckDbSqlWriter {
    private DuckDbSqlWriter() {
    }

    static String toSql(RelNode rel) {
        RelToSqlConverter converter = new RelToSqlConverter(DuckDBSqlDialect.DEFAULT);
        return converter.visitRoot(rel).asStatement().toSqlString(DuckDBSqlDialect.DEFAULT).getSql();
    }
}
