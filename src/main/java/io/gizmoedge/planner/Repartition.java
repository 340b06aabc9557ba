package io.gizmoedge.planner;

import java.util.Objects;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * An exchange that moves the rows of an operator's input between workers so that rows with equal
 * values of one field end on one worker: each row goes to the worker numbered
 * {@code hash(CAST(field AS keyType)) % workers}. Two inputs repartitioned with the same key type
 * and worker count meet on the same worker for equal values, so the operator above them runs
 * co-located, like one over tables distributed by that field.
 *
 * @param field the input's field whose value chooses the worker
 * @param keyType the DuckDB type the value is cast to before hashing (the same for every input
 *     repartitioned together, so that equal values hash alike whatever their declared types)
 * @param group the co-location group the moved rows form (unique per exchange: rows placed by it
 *     are co-located only with rows placed by the same exchange)
 */
record Repartition(int field, String keyType, String group) {
    Repartition {
        if (field < 0) {
            throw new IllegalArgumentException("field must not be negative");
        }
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(group, "group");
    }

    /**
     * The type values of {@code left} and {@code right} are hashed as, so that values equal in SQL
     * hash alike; empty for types where equal values may differ in bytes (floating point: 0.0 and
     * -0.0) or whose hashing is not worth the risk.
     */
    static Optional<String> keyType(RelDataType left, RelDataType right) {
        SqlTypeName a = left.getSqlTypeName();
        SqlTypeName b = right.getSqlTypeName();
        if (integer(a) && integer(b)) {
            return Optional.of("BIGINT");
        }
        if (a == SqlTypeName.DECIMAL && b == SqlTypeName.DECIMAL && left.getScale() == right.getScale()) {
            return Optional.of("DECIMAL(38, " + left.getScale() + ")");
        }
        if (text(a) && text(b)) {
            return Optional.of("VARCHAR");
        }
        if (a == b && (a == SqlTypeName.DATE || a == SqlTypeName.TIMESTAMP || a == SqlTypeName.BOOLEAN)) {
            return Optional.of(a == SqlTypeName.DATE ? "DATE" : a == SqlTypeName.TIMESTAMP ? "TIMESTAMP" : "BOOLEAN");
        }
        return Optional.empty();
    }

    /** The DuckDB expression that chooses the worker of a row of a stage result named by {@code columns}. */
    String hashedExpression(StageColumn columns) {
        return "CAST(" + io.gizmoedge.engine.SqlNames.quote(columns.name(field)) + " AS " + keyType + ")";
    }

    private static boolean integer(SqlTypeName type) {
        return type == SqlTypeName.TINYINT || type == SqlTypeName.SMALLINT || type == SqlTypeName.INTEGER
                || type == SqlTypeName.BIGINT;
    }

    private static boolean text(SqlTypeName type) {
        return type == SqlTypeName.VARCHAR || type == SqlTypeName.CHAR;
    }
}
