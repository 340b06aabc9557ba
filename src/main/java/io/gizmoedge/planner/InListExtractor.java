package io.gizmoedge.planner;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDateLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.util.DateString;

/**
 * Replaces each long IN list of literals in a parsed statement by a sub-query over a
 * {@link ConstantList}: {@code x [NOT] IN (v1, …, vn)} becomes {@code x [NOT] IN (SELECT value FROM
 * in_list_1)}, which means the same, NULLs and three-valued logic included. Calcite then validates,
 * converts and rewrites one table scan instead of n literals: it coerced, converted and digested
 * 100,000 literals one by one, for seconds. The list still becomes a join with a replicated input,
 * as Calcite turns any IN list of 20 values or more into a join with VALUES.
 *
 * <p>Only lists of at least {@value #MIN_VALUES} values whose every value is a literal of one kind
 * are replaced: exact numbers, strings or dates (NULL goes with any). Shorter lists stay as
 * written, where their SQL is easier to read and costs little. A list that stays but is too long
 * for Calcite's own conversion (see {@link #refusal}) makes the statement run on the server.
 */
final class InListExtractor {
    static final int MIN_VALUES = 1_000;
    static final int MAX_VALUES_WITH_EXPRESSIONS = 200;
    private static final String NAME_PREFIX = "in_list_";
    private static final int MAX_DECIMAL_PRECISION = 38;
    private static final int BIGINT_DIGITS = 18;

    /**
     * The statement with its long IN lists replaced, and the lists in order of their names.
     *
     * @param notDistributable why the statement must run on the server, when it holds a long IN list
     *     the planner does not handle
     */
    record Extraction(SqlNode statement, List<ConstantList> constants, Optional<String> notDistributable) {
        Extraction {
            constants = List.copyOf(constants);
        }
    }

    /**
     * Replaces the long IN lists of {@code statement}.
     *
     * @param nameIsFree whether a table name is free: no table or identifier the statement reads has it
     */
    Extraction extract(SqlNode statement, Predicate<String> nameIsFree) {
        List<ConstantList> constants = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        SqlNode replaced = statement.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                if ((call.getKind() == SqlKind.IN || call.getKind() == SqlKind.NOT_IN)
                        && call.operand(1) instanceof SqlNodeList list) {
                    Optional<ConstantList> extracted = list.size() >= MIN_VALUES && call.operand(0).getKind() != SqlKind.ROW
                            ? constants(list, () -> freshName(constants, nameIsFree))
                            : Optional.empty();
                    if (extracted.isPresent()) {
                        constants.add(extracted.get());
                        SqlNode left = call.operand(0).accept(this);
                        return call.getOperator().createCall(call.getFunctionQuantifier(), call.getParserPosition(),
                                left, scan(extracted.get().name(), list.getParserPosition()));
                    }
                    refusal(list).ifPresent(refusals::add);
                }
                return super.visit(call);
            }
        });
        return new Extraction(replaced == null ? statement : replaced, constants, refusals.stream().findFirst());
    }

    /**
     * Why a list that stays as written is not distributed, if it is too long for Calcite's own
     * conversion: with expressions among the values Calcite builds a UNION of one row per value and
     * simplifies the OR of their predicates, in time growing faster than the square of the length
     * (200 values: half a second; 600: seconds; 3,000: more than a quarter of an hour); 100,000
     * literals it cannot hold as a constant list took it seconds to coerce one by one.
     */
    private static Optional<String> refusal(SqlNodeList list) {
        boolean literals = list.stream().allMatch(value -> value instanceof SqlLiteral);
        if (!literals && list.size() > MAX_VALUES_WITH_EXPRESSIONS) {
            return Optional.of("IN lists of more than " + MAX_VALUES_WITH_EXPRESSIONS
                    + " values are distributed only when every value is a literal");
        }
        if (list.size() >= MIN_VALUES) {
            return Optional.of("IN lists of " + String.format(Locale.ROOT, "%,d", MIN_VALUES)
                    + " values or more are distributed only when the values are numbers, strings or dates, all of one kind");
        }
        return Optional.empty();
    }

    /** The first name of the form in_list_n that is free and not taken by an earlier list. */
    private static String freshName(List<ConstantList> taken, Predicate<String> nameIsFree) {
        for (int number = 1; ; number++) {
            String name = NAME_PREFIX + number;
            if (nameIsFree.test(name) && taken.stream().noneMatch(list -> list.name().equals(name))) {
                return name;
            }
        }
    }

    /** {@code SELECT value FROM name}. */
    private static SqlSelect scan(String name, SqlParserPos pos) {
        return new SqlSelect(pos, null, SqlNodeList.of(new SqlIdentifier(ConstantList.COLUMN, pos)),
                new SqlIdentifier(name, pos), null, null, null, null, null, null, null, null, null);
    }

    /** The kinds of literal a constant list holds. */
    private enum Kind { NUMBER, STRING, DATE }

    /** One literal of the list: its kind, its text as DuckDB casts it, and for a number its value. */
    private record Value(Kind kind, String text, BigDecimal number) {
    }

    /** The list's values as a constant list, when all are literals of one kind. */
    private static Optional<ConstantList> constants(SqlNodeList list, Supplier<String> name) {
        Kind kind = null;
        int scale = 0;
        int integerDigits = 1;
        List<String> values = new ArrayList<>(list.size());
        for (SqlNode node : list) {
            if (node instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL) {
                values.add(null);
                continue;
            }
            Optional<Value> value = node instanceof SqlLiteral literal ? value(literal) : Optional.empty();
            if (value.isEmpty() || (kind != null && kind != value.get().kind())) {
                return Optional.empty();
            }
            kind = value.get().kind();
            values.add(value.get().text());
            if (kind == Kind.NUMBER) {
                BigDecimal number = value.get().number();
                scale = Math.max(scale, Math.max(number.scale(), 0));
                integerDigits = Math.max(integerDigits, number.precision() - number.scale());
            }
        }
        if (kind == null) {
            return Optional.empty(); // NULLs only
        }
        String type = switch (kind) {
            case NUMBER -> scale == 0 && integerDigits <= BIGINT_DIGITS ? "BIGINT"
                    : integerDigits + scale <= MAX_DECIMAL_PRECISION ? "DECIMAL(" + (integerDigits + scale) + "," + scale + ")"
                    : null;
            case STRING -> "VARCHAR";
            case DATE -> "DATE";
        };
        return type == null ? Optional.empty() : Optional.of(new ConstantList(name.get(), type, values));
    }

    private static Optional<Value> value(SqlLiteral literal) {
        if (literal instanceof SqlNumericLiteral number && number.isExact()) {
            BigDecimal value = number.getValueAs(BigDecimal.class);
            return Optional.of(new Value(Kind.NUMBER, value.toPlainString(), value));
        }
        if (literal instanceof SqlCharStringLiteral string) {
            return Optional.of(new Value(Kind.STRING, string.getValueAs(String.class), null));
        }
        if (literal instanceof SqlDateLiteral date) {
            return Optional.of(new Value(Kind.DATE, date.getValueAs(DateString.class).toString(), null));
        }
        if (literal instanceof SqlUnknownLiteral unknown && unknown.tag.equalsIgnoreCase("DATE")) {
            // the Babel parser leaves DATE '…' to the validator; DuckDB reads the text as the query wrote it
            try {
                unknown.resolve(SqlTypeName.DATE);
            } catch (CalciteException e) {
                return Optional.empty(); // not a date: the validator says so in its own words
            }
            return Optional.of(new Value(Kind.DATE, unknown.getValue(), null));
        }
        return Optional.empty();
    }
}
