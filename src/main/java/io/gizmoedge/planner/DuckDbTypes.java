package io.gizmoedge.planner;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/** Maps DuckDB type text (as the catalog and DESCRIBE spell it) to nullable Calcite types. */
final class DuckDbTypes {
    private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    private static final int DUCKDB_DEFAULT_DECIMAL_PRECISION = 18;
    private static final int DUCKDB_DEFAULT_DECIMAL_SCALE = 3;

    private DuckDbTypes() {
    }

    static RelDataType toCalcite(RelDataTypeFactory typeFactory, String duckDbType) {
        String type = duckDbType.trim().toUpperCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(type);
        RelDataType result;
        if (decimal.matches()) {
            result = typeFactory.createSqlType(SqlTypeName.DECIMAL,
                    Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
        } else if (type.equals("DECIMAL") || type.equals("NUMERIC")) {
            result = typeFactory.createSqlType(SqlTypeName.DECIMAL,
                    DUCKDB_DEFAULT_DECIMAL_PRECISION, DUCKDB_DEFAULT_DECIMAL_SCALE);
        } else if (type.startsWith("VARCHAR") || type.equals("TEXT") || type.equals("STRING") || type.equals("UUID")) {
            result = typeFactory.createSqlType(SqlTypeName.VARCHAR);
        } else {
            result = simpleType(typeFactory, type);
        }
        return typeFactory.createTypeWithNullability(result, true);
    }

    private static RelDataType simpleType(RelDataTypeFactory typeFactory, String type) {
        return switch (type) {
            case "BOOLEAN", "BOOL" -> typeFactory.createSqlType(SqlTypeName.BOOLEAN);
            case "TINYINT", "INT1" -> typeFactory.createSqlType(SqlTypeName.TINYINT);
            case "SMALLINT", "INT2", "UTINYINT" -> typeFactory.createSqlType(SqlTypeName.SMALLINT);
            case "INTEGER", "INT", "INT4", "USMALLINT" -> typeFactory.createSqlType(SqlTypeName.INTEGER);
            case "BIGINT", "INT8", "UINTEGER" -> typeFactory.createSqlType(SqlTypeName.BIGINT);
            case "HUGEINT", "UBIGINT", "UHUGEINT" -> typeFactory.createSqlType(SqlTypeName.DECIMAL, 38, 0);
            case "FLOAT", "REAL", "FLOAT4" -> typeFactory.createSqlType(SqlTypeName.REAL);
            case "DOUBLE", "FLOAT8" -> typeFactory.createSqlType(SqlTypeName.DOUBLE);
            case "DATE" -> typeFactory.createSqlType(SqlTypeName.DATE);
            case "TIME" -> typeFactory.createSqlType(SqlTypeName.TIME);
            case "TIMESTAMP", "DATETIME" -> typeFactory.createSqlType(SqlTypeName.TIMESTAMP);
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" ->
                    typeFactory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
            case "BLOB", "BYTEA" -> typeFactory.createSqlType(SqlTypeName.VARBINARY);
            default -> typeFactory.createSqlType(SqlTypeName.ANY);
        };
    }
}
