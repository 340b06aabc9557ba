package io.gizmoedge.planner;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlSingleOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.util.Optionality;
import org.apache.calcite.util.Static;

/**
 * The DuckDB functions the planner knows beyond Calcite's standard operators, each with the result
 * type DuckDB gives (checked with {@code typeof} on DuckDB 2.0) and written back under its DuckDB
 * name with its arguments in DuckDB's order. Argument types are narrowed to those checked: a call
 * outside them fails validation and runs on the server, as an unknown function does.
 */
final class DuckDbFunctions {
    /**
     * DATE or TIMESTAMP without time zone: with a time zone DuckDB's answer depends on the session's
     * time zone, which a worker's need not share with the server's.
     */
    private static final SqlSingleOperandTypeChecker DATE_OR_TIMESTAMP_WITHOUT_ZONE =
            OperandTypes.typeName(SqlTypeName.DATE).or(OperandTypes.TIMESTAMP_NTZ);

    /** The parts {@code date_part} gives as a BIGINT (each checked with {@code typeof}, for DATE and TIMESTAMP). */
    private static final Set<String> INTEGER_DATE_PARTS = Set.of("year", "years", "quarter", "quarters", "month",
            "months", "week", "weeks", "day", "days", "dayofweek", "dow", "isodow", "dayofyear", "doy", "hour", "hours",
            "minute", "minutes", "second", "seconds", "millisecond", "milliseconds", "microsecond", "microseconds",
            "isoyear", "yearweek", "decade", "decades", "century", "centuries", "millennium", "era");

    /**
     * DuckDB's {@code date_part(part, date)}. Babel's parser builds Calcite's PostgreSQL DATE_PART,
     * which wants a time unit keyword; {@link SqlFrontEnd} puts this one in its place.
     */
    static final SqlFunction DATE_PART = timeDate("date_part", DuckDbFunctions::datePartType, OperandTypes.sequence(
            "date_part(VARCHAR, DATE or TIMESTAMP)", OperandTypes.CHARACTER, DATE_OR_TIMESTAMP_WITHOUT_ZONE));

    /**
     * The parts {@code date_diff} and {@code date_sub} count in (a BIGINT, each checked with {@code typeof}
     * for DATE, TIMESTAMP and one of each); {@code era} is not implemented for them.
     */
    private static final Set<String> COUNTED_DATE_PARTS = Stream.concat(
            INTEGER_DATE_PARTS.stream().filter(part -> !part.equals("era")), Stream.of("epoch")).collect(Collectors.toUnmodifiableSet());

    /** A DOUBLE, NULL over no rows. */
    private static final SqlReturnTypeInference NULLABLE_DOUBLE = ReturnTypes.DOUBLE.andThen(SqlTypeTransforms.FORCE_NULLABLE);

    /**
     * DuckDB's {@code regr_count(y, x)}: the number of rows where neither x nor y is NULL (a UINTEGER in
     * DuckDB). Only the partial steps of split statistics of pairs use it ({@link AggregateSplitter});
     * a user's {@code regr_count} is Calcite's REGR_COUNT.
     */
    static final SqlAggFunction REGR_COUNT = aggregate("regr_count", ReturnTypes.BIGINT, OperandTypes.NUMERIC_NUMERIC);
    /**
     * DuckDB's {@code regr_avgx(y, x)}, {@code regr_avgy(y, x)} and {@code regr_sxy(y, x)}: over the rows
     * where neither x nor y is NULL, the means of x and y and the sum of the products of their deviations.
     */
    static final SqlAggFunction REGR_AVGX = aggregate("regr_avgx", NULLABLE_DOUBLE, OperandTypes.NUMERIC_NUMERIC);
    static final SqlAggFunction REGR_AVGY = aggregate("regr_avgy", NULLABLE_DOUBLE, OperandTypes.NUMERIC_NUMERIC);
    static final SqlAggFunction REGR_SXY = aggregate("regr_sxy", NULLABLE_DOUBLE, OperandTypes.NUMERIC_NUMERIC);
    /**
     * DuckDB's {@code regr_sxx(y, x)} and {@code regr_syy(y, x)}: the sums of squared deviations of x and
     * of y, over those rows. Only partial steps use them; a user's are Calcite's REGR_SXX and REGR_SYY.
     */
    static final SqlAggFunction REGR_SXX = aggregate("regr_sxx", NULLABLE_DOUBLE, OperandTypes.NUMERIC_NUMERIC);
    static final SqlAggFunction REGR_SYY = aggregate("regr_syy", NULLABLE_DOUBLE, OperandTypes.NUMERIC_NUMERIC);
    /**
     * DuckDB's {@code regr_slope(y, x)}, {@code regr_intercept(y, x)} and {@code regr_r2(y, x)}: the least
     * squares line of y over x and its coefficient of determination, over those rows.
     */
    static final SqlAggFunction REGR_SLOPE = aggregate("regr_slope", NULLABLE_DOUBLE, OperandTypes.NUMERIC_NUMERIC);
    static final SqlAggFunction REGR_INTERCEPT = aggregate("regr_intercept", NULLABLE_DOUBLE, OperandTypes.NUMERIC_NUMERIC);
    static final SqlAggFunction REGR_R2 = aggregate("regr_r2", NULLABLE_DOUBLE, OperandTypes.NUMERIC_NUMERIC);
    /**
     * DuckDB's {@code corr(y, x)}: the correlation over the rows where neither is NULL; NULL over none,
     * NaN when either does not vary. {@link AggregateSplitter} splits it and the regr functions like the
     * covariances.
     */
    static final SqlAggFunction CORR = aggregate("corr", NULLABLE_DOUBLE, OperandTypes.NUMERIC_NUMERIC);
    /** DuckDB's {@code isnan(x)} of a floating point number. */
    static final SqlFunction ISNAN = scalar("isnan", ReturnTypes.BOOLEAN_NULLABLE,
            OperandTypes.family(SqlTypeFamily.APPROXIMATE_NUMERIC));

    private DuckDbFunctions() {
    }

    /** DuckDB's functions as an operator table, to chain after Calcite's standard one. */
    static SqlOperatorTable operatorTable() {
        return SqlOperatorTables.of(List.<SqlOperator>of(
                // Calcite's own, whose types and arguments equal DuckDB's
                SqlLibraryOperators.BOOL_AND, SqlLibraryOperators.BOOL_OR,
                SqlLibraryOperators.LEFT, SqlLibraryOperators.RIGHT, SqlLibraryOperators.MD5,
                SqlLibraryOperators.STARTS_WITH, SqlLibraryOperators.ENDS_WITH, SqlLibraryOperators.IFNULL,
                SqlLibraryOperators.REVERSE, SqlLibraryOperators.REPEAT,
                // case-insensitive LIKE
                SqlLibraryOperators.ILIKE, SqlLibraryOperators.NOT_ILIKE,
                // strings
                // concat skips NULL arguments and is never NULL
                scalar("concat", ReturnTypes.VARCHAR, OperandTypes.repeat(SqlOperandCountRanges.from(1), OperandTypes.ANY)),
                scalar("ltrim", ReturnTypes.VARCHAR_NULLABLE, OperandTypes.family(
                        List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER), i -> i == 1)),
                scalar("rtrim", ReturnTypes.VARCHAR_NULLABLE, OperandTypes.family(
                        List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER), i -> i == 1)),
                scalar("length", ReturnTypes.BIGINT_NULLABLE, OperandTypes.CHARACTER),
                scalar("strlen", ReturnTypes.BIGINT_NULLABLE, OperandTypes.CHARACTER),
                scalar("strpos", ReturnTypes.BIGINT_NULLABLE, OperandTypes.STRING_STRING),
                scalar("instr", ReturnTypes.BIGINT_NULLABLE, OperandTypes.STRING_STRING),
                scalar("substr", ReturnTypes.VARCHAR_NULLABLE, OperandTypes.family(
                        List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER), i -> i == 2)),
                scalar("prefix", ReturnTypes.BOOLEAN_NULLABLE, OperandTypes.STRING_STRING),
                scalar("suffix", ReturnTypes.BOOLEAN_NULLABLE, OperandTypes.STRING_STRING),
                scalar("contains", ReturnTypes.BOOLEAN_NULLABLE, OperandTypes.STRING_STRING),
                scalar("split_part", ReturnTypes.VARCHAR_NULLABLE, OperandTypes.family(
                        SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER)),
                scalar("lpad", ReturnTypes.VARCHAR_NULLABLE, OperandTypes.family(
                        SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER, SqlTypeFamily.CHARACTER)),
                scalar("rpad", ReturnTypes.VARCHAR_NULLABLE, OperandTypes.family(
                        SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER, SqlTypeFamily.CHARACTER)),
                scalar("concat_ws", ReturnTypes.VARCHAR_NULLABLE, OperandTypes.repeat(
                        SqlOperandCountRanges.from(2), OperandTypes.ANY)),
                scalar("regexp_matches", ReturnTypes.BOOLEAN_NULLABLE, OperandTypes.family(
                        List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER), i -> i == 2)),
                scalar("regexp_full_match", ReturnTypes.BOOLEAN_NULLABLE, OperandTypes.family(
                        List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER), i -> i == 2)),
                scalar("regexp_replace", ReturnTypes.VARCHAR_NULLABLE, OperandTypes.family(
                        List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER,
                                SqlTypeFamily.CHARACTER), i -> i == 3)),
                scalar("regexp_extract", ReturnTypes.VARCHAR_NULLABLE, OperandTypes.family(
                        List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER), i -> i == 2)),
                // numbers
                scalar("trunc", DuckDbFunctions::truncatedNumberType, OperandTypes.NUMERIC),
                ISNAN,
                scalar("isinf", ReturnTypes.BOOLEAN_NULLABLE, OperandTypes.family(SqlTypeFamily.APPROXIMATE_NUMERIC)),
                scalar("isfinite", ReturnTypes.BOOLEAN_NULLABLE, OperandTypes.family(SqlTypeFamily.APPROXIMATE_NUMERIC)),
                // comparisons
                scalar("greatest", ReturnTypes.LEAST_RESTRICTIVE, OperandTypes.SAME_VARIADIC),
                scalar("least", ReturnTypes.LEAST_RESTRICTIVE, OperandTypes.SAME_VARIADIC),
                // dates and times
                timeDate("date_trunc", DuckDbFunctions::truncatedType,
                        OperandTypes.sequence("date_trunc(VARCHAR, DATE or TIMESTAMP)", OperandTypes.CHARACTER,
                                DATE_OR_TIMESTAMP_WITHOUT_ZONE)),
                timeDate("strftime", ReturnTypes.VARCHAR_NULLABLE, OperandTypes.sequence(
                        "strftime(DATE or TIMESTAMP, VARCHAR)", DATE_OR_TIMESTAMP_WITHOUT_ZONE, OperandTypes.CHARACTER)),
                timeDate("strptime", DuckDbFunctions::parsedTimestampType, OperandTypes.STRING_STRING),
                DATE_PART,
                // date_diff counts the part's boundaries between two dates, date_sub whole parts; the
                // names of date_diff's calls are quoted for Babel's parser (SpecialFormNames)
                dateDifference("date_diff"), dateDifference("datediff"), dateDifference("date_sub"),
                dateDifference("datesub"),
                timeDate("day", ReturnTypes.BIGINT_NULLABLE, DATE_OR_TIMESTAMP_WITHOUT_ZONE),
                // English names, whatever the node's locale
                timeDate("dayname", ReturnTypes.VARCHAR_NULLABLE, DATE_OR_TIMESTAMP_WITHOUT_ZONE),
                timeDate("monthname", ReturnTypes.VARCHAR_NULLABLE, DATE_OR_TIMESTAMP_WITHOUT_ZONE),
                timeDate("epoch", ReturnTypes.DOUBLE_NULLABLE, DATE_OR_TIMESTAMP_WITHOUT_ZONE),
                timeDate("make_date", ReturnTypes.DATE_NULLABLE, OperandTypes.family(
                        SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER)),
                timeDate("last_day", ReturnTypes.DATE_NULLABLE, DATE_OR_TIMESTAMP_WITHOUT_ZONE),
                new SqlFunction("today", SqlKind.OTHER_FUNCTION, ReturnTypes.DATE, null, OperandTypes.NILADIC,
                        SqlFunctionCategory.TIMEDATE) {
                    @Override
                    public boolean isDynamicFunction() {
                        return true;
                    }

                    @Override
                    public boolean isDeterministic() {
                        return false;
                    }
                },
                // aggregates: none of them splits but corr and the regr functions; with a GROUP BY the planner repartitions their rows
                aggregate("median", DuckDbFunctions::quantileType, OperandTypes.NUMERIC.or(DATE_OR_TIMESTAMP_WITHOUT_ZONE)),
                // with one literal fraction; a list of fractions gives a LIST, which stays on the server
                aggregate("quantile_cont", binding -> fractionChecked(binding, quantileType(binding)), OperandTypes.NUMERIC_NUMERIC),
                aggregate("quantile_disc", binding -> fractionChecked(binding, nullableArgument(binding)), OperandTypes.NUMERIC_NUMERIC),
                aggregate("quantile", binding -> fractionChecked(binding, nullableArgument(binding)), OperandTypes.NUMERIC_NUMERIC),
                aggregate("count_if", DuckDbFunctions::hugeIntType, OperandTypes.BOOLEAN),
                CORR, REGR_AVGX, REGR_AVGY, REGR_SXY, REGR_SLOPE, REGR_INTERCEPT, REGR_R2));
    }

    private static SqlFunction scalar(String name, SqlReturnTypeInference type, SqlOperandTypeChecker operands) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, type, null, operands, SqlFunctionCategory.SYSTEM);
    }

    /**
     * A date function: its category is the one the parser gives its special form of {@code DATE_TRUNC},
     * so that the validator finds this definition for it.
     */
    private static SqlFunction timeDate(String name, SqlReturnTypeInference type, SqlOperandTypeChecker operands) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, type, null, operands, SqlFunctionCategory.TIMEDATE);
    }

    /** An aggregate of kind OTHER_FUNCTION, which AggregateSplitter splits only when it knows the instance. */
    private static SqlAggFunction aggregate(String name, SqlReturnTypeInference type, SqlOperandTypeChecker operands) {
        return new SqlAggFunction(name, null, SqlKind.OTHER_FUNCTION, type, null, operands,
                SqlFunctionCategory.USER_DEFINED_FUNCTION, false, false, Optionality.FORBIDDEN) {
        };
    }

    /** {@code name(part, start, end)} of DuckDB: a BIGINT for a literal part among {@link #COUNTED_DATE_PARTS}. */
    private static SqlFunction dateDifference(String name) {
        return timeDate(name, binding -> {
            String part = literalString(binding, 0, name + "(<not a literal>, ...)");
            if (!COUNTED_DATE_PARTS.contains(part.toLowerCase(Locale.ROOT))) {
                throw unknown(binding, name + "('" + part + "', ...)");
            }
            RelDataTypeFactory types = binding.getTypeFactory();
            return types.createTypeWithNullability(types.createSqlType(SqlTypeName.BIGINT), anyNullable(binding));
        }, OperandTypes.sequence(name + "(VARCHAR, DATE or TIMESTAMP, DATE or TIMESTAMP)", OperandTypes.CHARACTER,
                DATE_OR_TIMESTAMP_WITHOUT_ZONE, DATE_OR_TIMESTAMP_WITHOUT_ZONE));
    }

    /** {@code trunc} of one number: a DECIMAL(p, s) gives DECIMAL(p, 0), other numbers keep their type. */
    private static RelDataType truncatedNumberType(SqlOperatorBinding binding) {
        RelDataType argument = binding.getOperandType(0);
        if (argument.getSqlTypeName() != SqlTypeName.DECIMAL) {
            return argument;
        }
        RelDataTypeFactory types = binding.getTypeFactory();
        return types.createTypeWithNullability(types.createSqlType(SqlTypeName.DECIMAL, argument.getPrecision(), 0),
                argument.isNullable());
    }

    /** {@code date_trunc}: a TIMESTAMP for a DATE or a TIMESTAMP. */
    private static RelDataType truncatedType(SqlOperatorBinding binding) {
        RelDataTypeFactory types = binding.getTypeFactory();
        return types.createTypeWithNullability(types.createSqlType(SqlTypeName.TIMESTAMP), anyNullable(binding));
    }

    /**
     * {@code date_part}: a BIGINT for a literal part among {@link #INTEGER_DATE_PARTS}; other parts
     * ({@code epoch}, {@code julian}: DOUBLE) and a part that is not a literal stay unknown.
     */
    private static RelDataType datePartType(SqlOperatorBinding binding) {
        String part = literalString(binding, 0, "date_part(<not a literal>, ...)");
        if (!INTEGER_DATE_PARTS.contains(part.toLowerCase(Locale.ROOT))) {
            throw unknown(binding, "date_part('" + part + "', ...)");
        }
        RelDataTypeFactory types = binding.getTypeFactory();
        return types.createTypeWithNullability(types.createSqlType(SqlTypeName.BIGINT), anyNullable(binding));
    }

    /**
     * {@code strptime}: a TIMESTAMP, for a literal format without a time zone ({@code %z}, {@code %Z}
     * make it a TIMESTAMP WITH TIME ZONE; DuckDB wants the format constant anyway).
     */
    private static RelDataType parsedTimestampType(SqlOperatorBinding binding) {
        String format = literalString(binding, 1, "strptime(..., <not a literal>)");
        if (format.contains("%z") || format.contains("%Z")) {
            throw unknown(binding, "strptime(..., '%z')");
        }
        RelDataTypeFactory types = binding.getTypeFactory();
        return types.createTypeWithNullability(types.createSqlType(SqlTypeName.TIMESTAMP), anyNullable(binding));
    }

    /**
     * {@code median} and {@code quantile_cont}: a DECIMAL keeps its type, REAL stays REAL, other
     * numbers give DOUBLE, a DATE or TIMESTAMP gives TIMESTAMP; NULL over no rows.
     */
    private static RelDataType quantileType(SqlOperatorBinding binding) {
        RelDataType argument = binding.getOperandType(0);
        RelDataTypeFactory types = binding.getTypeFactory();
        RelDataType result = switch (argument.getSqlTypeName()) {
            case DECIMAL, REAL -> argument;
            case DATE, TIMESTAMP -> types.createSqlType(SqlTypeName.TIMESTAMP);
            default -> types.createSqlType(SqlTypeName.DOUBLE);
        };
        return types.createTypeWithNullability(result, true);
    }

    /**
     * {@code type}, when the quantile's fraction (operand 1) is a literal from 0 to 1: DuckDB wants
     * it constant, and refuses others.
     */
    private static RelDataType fractionChecked(SqlOperatorBinding binding, RelDataType type) {
        if (!(binding instanceof SqlCallBinding)) {
            return type; // the validator checked the call; a plan's copy of it sees the fraction as a field
        }
        BigDecimal fraction = binding.isOperandLiteral(1, false)
                ? binding.getOperandLiteralValue(1, BigDecimal.class) : null;
        if (fraction == null || fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            throw unknown(binding, binding.getOperator().getName() + "(..., <not a literal from 0 to 1>)");
        }
        return type;
    }

    /** The type of the first operand, nullable (a quantile of no rows is NULL). */
    private static RelDataType nullableArgument(SqlOperatorBinding binding) {
        return binding.getTypeFactory().createTypeWithNullability(binding.getOperandType(0), true);
    }

    /** {@code count_if}: DuckDB's HUGEINT, never NULL. */
    private static RelDataType hugeIntType(SqlOperatorBinding binding) {
        RelDataTypeFactory types = binding.getTypeFactory();
        return types.createTypeWithNullability(types.createSqlType(SqlTypeName.DECIMAL, 38, 0), false);
    }

    private static boolean anyNullable(SqlOperatorBinding binding) {
        return binding.collectOperandTypes().stream().anyMatch(RelDataType::isNullable);
    }

    /**
     * A call DuckDB may answer but the planner cannot type: the validator's "no match" error, which
     * makes it run on the server like an unknown function.
     */
    private static CalciteException unknown(SqlOperatorBinding binding, String signature) {
        return binding.newError(Static.RESOURCE.validatorUnknownFunction(signature));
    }

    private static String literalString(SqlOperatorBinding binding, int operand, String otherwise) {
        String value = binding.isOperandLiteral(operand, false) ? binding.getOperandLiteralValue(operand, String.class) : null;
        if (value == null) {
            throw unknown(binding, otherwise);
        }
        return value;
    }
}
