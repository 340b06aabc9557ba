package io.gizmoedge.bootstrap;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import java.math.BigDecimal;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/**
 * The DuckDB type of each io.trino.tpch column type and how to append its values: identifiers
 * BIGINT, integers INTEGER, doubles (money, quantity, discount, tax) DECIMAL(15,2), dates DATE,
 * text VARCHAR.
 */
final class TpchColumns {
    private TpchColumns() {
    }

    /** Appends one column value of {@code row}. */
    interface ValueAppender<E> {
        void append(DuckDBAppender appender, E row) throws SQLException;
    }

    static String duckDbType(TpchColumn<?> column) {
        return switch (column.getType().getBase()) {
            case IDENTIFIER -> "BIGINT";
            case INTEGER -> "INTEGER";
            case DOUBLE -> "DECIMAL(15,2)";
            case DATE -> "DATE";
            case VARCHAR -> "VARCHAR";
        };
    }

    static <E extends TpchEntity> ValueAppender<E> appender(TpchColumn<E> column) {
        return switch (column.getType().getBase()) {
            case IDENTIFIER -> (a, row) -> a.append(column.getIdentifier(row));
            case INTEGER -> (a, row) -> a.append(column.getInteger(row));
            case DOUBLE -> (a, row) -> a.append(BigDecimal.valueOf(Math.round(column.getDouble(row) * 100), 2));
            case DATE -> (a, row) -> a.appendEpochDays(column.getDate(row));
            case VARCHAR -> (a, row) -> a.append(column.getString(row));
        };
    }
}
