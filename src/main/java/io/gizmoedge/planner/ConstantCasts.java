package io.gizmoedge.planner;

import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Finds casts of constants that Calcite computes while planning, in Java's way rather than DuckDB's:
 * <ul>
 *   <li>text made from a constant that is not text: {@code CAST(TRUE AS VARCHAR)}, {@code 'x' || 1e20},
 *       a cast of a TIMESTAMP literal, spelled 'TRUE', '1.0E20', '.0', seconds without their fraction,
 *       where DuckDB writes 'true', '1e+20', '0.0';</li>
 *   <li>an integer made from a constant that is not an integer: {@code CAST(2.5 AS INTEGER)} is 2 in
 *       Java (truncated) and 3 in DuckDB (rounded); likewise a DECIMAL with fewer decimals than the
 *       constant: {@code CAST(1.25 AS DECIMAL(2,1))} is 1.2 in Java and 1.3 in DuckDB.</li>
 * </ul>
 * A query with one runs on the server, whose DuckDB computes it its way. Casts of columns are
 * written as casts DuckDB computes, and are not affected.
 */
final class ConstantCasts {
    private static final SqlBasicTypeNameSpec TEXT = new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, SqlParserPos.ZERO);

    private ConstantCasts() {
    }

    /** The first such expression in {@code node}, as the user wrote it; empty when there is none. */
    static Optional<String> find(SqlNode node) {
        Finder finder = new Finder();
        node.accept(finder);
        return Optional.ofNullable(finder.found);
    }

    private static final class Finder extends SqlBasicVisitor<Void> {
        String found;

        @Override
        public Void visit(SqlCall call) {
            if (found != null) {
                return null;
            }
            if (call.getKind() == SqlKind.CAST && call.operandCount() == 2 && computedByCalcite(call.operand(0),
                    targetType(call.operand(1)))) {
                found = call.toString();
                return null;
            }
            if (call.getOperator() == SqlStdOperatorTable.CONCAT && call.getOperandList().stream()
                    .anyMatch(operand -> computedByCalcite(operand, Optional.of(TEXT)))) {
                found = call.toString();
                return null;
            }
            return super.visit(call);
        }
    }

    /** The type a cast's type operand names, when it is a simple one. */
    private static Optional<SqlBasicTypeNameSpec> targetType(SqlNode type) {
        if (type instanceof SqlDataTypeSpec spec && spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic) {
            return Optional.of(basic);
        }
        return Optional.empty();
    }

    /**
     * Whether Calcite would compute {@code operand} as {@code target} itself, where DuckDB differs: a
     * constant (no columns, no sub-queries, not NULL) that is not text made text, that is not an
     * integer literal made an integer, or that is not an exact literal of at most the target's scale
     * made a DECIMAL (Java truncates what DuckDB rounds).
     */
    private static boolean computedByCalcite(SqlNode operand, Optional<SqlBasicTypeNameSpec> target) {
        if (operand == null || target.isEmpty() || (operand instanceof SqlLiteral literal && literal.getValue() == null)
                || !isConstant(operand)) {
            return false;
        }
        SqlTypeName type = SqlTypeName.get(target.get().getTypeName().getSimple().toUpperCase(Locale.ROOT));
        if (type == null) {
            return false;
        }
        return switch (type) {
            case CHAR, VARCHAR -> !(operand instanceof SqlCharStringLiteral);
            case TINYINT, SMALLINT, INTEGER, BIGINT -> !(operand instanceof SqlNumericLiteral number && number.isInteger());
            case DECIMAL -> !(operand instanceof SqlNumericLiteral number && number.isExact() && number.getScale() != null
                    && number.getScale() <= Math.max(target.get().getScale(), 0));
            default -> false;
        };
    }

    /**
     * Whether {@code node} reads no column and no sub-query and is no aggregate or window function (a
     * cast's type is no operand of that kind); the lists of a CASE or a window count by their items.
     */
    private static boolean isConstant(SqlNode node) {
        if (node instanceof SqlIdentifier || node instanceof SqlSelect) {
            return false;
        }
        if (node instanceof SqlNodeList list) {
            return list.stream().allMatch(item -> item == null || isConstant(item));
        }
        if (node instanceof SqlCall call && (call.getOperator().isAggregator() || call.getKind() == SqlKind.OVER)) {
            return false;
        }
        return !(node instanceof SqlCall call) || call.getOperandList().stream()
                .allMatch(operand -> operand == null || operand instanceof SqlDataTypeSpec || isConstant(operand));
    }
}
