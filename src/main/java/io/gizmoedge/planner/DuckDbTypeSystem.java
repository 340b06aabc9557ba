package io.gizmoedge.planner;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Calcite type derivation made closer to DuckDB's, so that types Calcite derives (and any cast it
 * inserts) agree with what DuckDB computes: DECIMAL up to precision 38; SUM of an exact number is a
 * DECIMAL(38, scale) (DuckDB: HUGEINT or DECIMAL(38,s)); AVG is DOUBLE; the quotient of two exact
 * numbers is DOUBLE; texts of different lengths meet as VARCHAR.
 */
final class DuckDbTypeSystem extends RelDataTypeSystemImpl {
    static final DuckDbTypeSystem INSTANCE = new DuckDbTypeSystem();

    private static final int MAX_DECIMAL_PRECISION = 38;

    private DuckDbTypeSystem() {
    }

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxPrecision(typeName);
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxScale(typeName);
    }

    /**
     * Texts of different lengths meet as VARCHAR, as in DuckDB, which has no CHAR: as CHAR(n) Calcite
     * pads the shorter ones, so {@code CASE ... THEN 'big' ELSE 'small' END} would give 'big  '.
     */
    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }

    /**
     * {@code /} of two exact numbers (integers or DECIMALs) is DOUBLE, as in DuckDB, where {@code 5 / 2}
     * is 2.5. As Calcite's INTEGER or DECIMAL, a comparison with a BIGINT column would get the quotient
     * cast to BIGINT, {@code CAST(5 / 2 AS BIGINT)}, which DuckDB computes as 2.5 and then rounds.
     * Integer division is DuckDB's {@code //}.
     */
    @Override
    public RelDataType deriveDecimalDivideType(RelDataTypeFactory typeFactory, RelDataType dividend, RelDataType divisor) {
        if (SqlTypeUtil.isExactNumeric(dividend) && SqlTypeUtil.isExactNumeric(divisor)) {
            return typeFactory.createSqlType(SqlTypeName.DOUBLE);
        }
        return super.deriveDecimalDivideType(typeFactory, dividend, divisor);
    }

    @Override
    public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        if (SqlTypeUtil.isExactNumeric(argumentType)) {
            RelDataType sum = typeFactory.createSqlType(
                    SqlTypeName.DECIMAL, MAX_DECIMAL_PRECISION, Math.max(argumentType.getScale(), 0));
            return typeFactory.createTypeWithNullability(sum, argumentType.isNullable());
        }
        if (SqlTypeUtil.isApproximateNumeric(argumentType)) {
            return typeFactory.createTypeWithNullability(
                    typeFactory.createSqlType(SqlTypeName.DOUBLE), argumentType.isNullable());
        }
        return super.deriveSumType(typeFactory, argumentType);
    }

    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        if (SqlTypeUtil.isNumeric(argumentType)) {
            return typeFactory.createTypeWithNullability(
                    typeFactory.createSqlType(SqlTypeName.DOUBLE), argumentType.isNullable());
        }
        return super.deriveAvgAggType(typeFactory, argumentType);
    }
}
