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
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Finds text made from a constant that is not text: {@code CAST(TRUE AS VARCHAR)},
 * {@code 'x' || 1e20}, a cast of a TIMESTAMP literal. Calcite computes such text while planning, in
 * Java's spelling ('TRUE', '1.0E20', '.0', seconds without their fraction), where DuckDB writes
 * 'true', '1e+20', '0.0'. A query with one runs on the server, whose DuckDB spells it its way.
 * Text from a column is written as a cast DuckDB computes, and is not affected.
 */
final class ConstantText {
    private ConstantText() {
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
            if (call.getKind() == SqlKind.CAST && call.operandCount() == 2 && toText(call.operand(1))
                    && madeText(call.operand(0))) {
                found = call.toString();
                return null;
            }
            if (call.getOperator() == SqlStdOperatorTable.CONCAT
                    && call.getOperandList().stream().anyMatch(ConstantText::madeText)) {
                found = call.toString();
                return null;
            }
            return super.visit(call);
        }
    }

    /** Whether {@code type} is a text type (CHAR, VARCHAR and their spellings). */
    private static boolean toText(SqlNode type) {
        if (type instanceof SqlDataTypeSpec spec && spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic) {
            SqlTypeName name = SqlTypeName.get(basic.getTypeName().getSimple().toUpperCase(Locale.ROOT));
            return name == SqlTypeName.CHAR || name == SqlTypeName.VARCHAR;
        }
        return false;
    }

    /** A constant that Calcite would turn into text itself: one without columns or sub-queries, not text or NULL. */
    private static boolean madeText(SqlNode operand) {
        if (operand == null || operand instanceof SqlCharStringLiteral
                || (operand instanceof SqlLiteral literal && literal.getValue() == null)) {
            return false;
        }
        return isConstant(operand);
    }

    private static boolean isConstant(SqlNode node) {
        if (node instanceof SqlIdentifier || node instanceof SqlSelect) {
            return false;
        }
        if (node instanceof SqlCall call) {
            return call.getKind() != SqlKind.CAST || call.operandCount() < 1 ? call.getOperandList().stream()
                    .allMatch(operand -> operand == null || operand instanceof SqlDataTypeSpec || isConstant(operand))
                    : isConstant(call.operand(0));
        }
        return true;
    }
}
