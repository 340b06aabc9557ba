package io.gizmoedge.planner;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Recognises {@code SELECT gizmo.cancel(<query id>)}, the statement that stops a query. It is a
 * statement of its own, not a function DuckDB runs: the server answers it from its own state. The
 * parse tree decides, so case, spacing, comments and an alias do not matter; any other use of
 * {@code gizmo.cancel} (in a WHERE clause, over a column, beside other columns) is refused with the
 * form to use.
 */
public final class CancelCall {
    /** The one BOOLEAN column of its answer: whether the call cancelled the query. */
    public static final String RESULT_COLUMN = "cancelled";
    private static final List<String> NAME = List.of(ClusterStateTables.SCHEMA, "cancel");
    static final String FORM = "gizmo.cancel takes one query id and is a statement of its own, such as"
            + " SELECT gizmo.cancel(42); SELECT id, sql_text FROM gizmo.queries WHERE state = 'running' lists the ids";

    private CancelCall() {
    }

    /**
     * The id of the query to cancel when {@code sql} is {@code SELECT gizmo.cancel(id)}; empty when
     * the text does not call {@code gizmo.cancel} (or is no query the planner's parser reads).
     *
     * @throws QueryRefusedException when the text calls {@code gizmo.cancel} in another way
     */
    public static Optional<Long> parse(String sql) throws QueryRefusedException {
        if (!sql.toLowerCase(Locale.ROOT).contains("cancel")) {
            return Optional.empty(); // most statements: no second parse
        }
        SqlNode parsed;
        try {
            parsed = SqlParser.create(SqlFrontEnd.stripTrailingSemicolons(sql), SqlFrontEnd.parserConfig()).parseQuery();
        } catch (SqlParseException | RuntimeException e) {
            return Optional.empty(); // not the planner's SQL; DuckDB answers or refuses it
        }
        if (!callsCancel(parsed)) {
            return Optional.empty();
        }
        if (parsed instanceof SqlSelect select && select.getFrom() == null && select.getWhere() == null
                && select.getGroup() == null && select.getHaving() == null && select.getOrderList() == null
                && select.getFetch() == null && select.getOffset() == null && select.getSelectList().size() == 1) {
            SqlNode item = select.getSelectList().get(0);
            if (item.getKind() == SqlKind.AS) {
                item = ((SqlCall) item).operand(0);
            }
            if (isCancel(item) && ((SqlCall) item).operandCount() == 1
                    && ((SqlCall) item).operand(0) instanceof SqlNumericLiteral id && id.isInteger()) {
                BigDecimal value = id.getValueAs(BigDecimal.class);
                try {
                    return Optional.of(value.longValueExact());
                } catch (ArithmeticException e) {
                    throw new QueryRefusedException("query id " + value + " is out of range; " + FORM);
                }
            }
        }
        throw new QueryRefusedException(FORM);
    }

    private static boolean callsCancel(SqlNode parsed) {
        boolean[] found = {false};
        parsed.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (isCancel(call)) {
                    found[0] = true;
                }
                return super.visit(call);
            }
        });
        return found[0];
    }

    private static boolean isCancel(SqlNode node) {
        if (!(node instanceof SqlBasicCall call) || !(call.getOperator() instanceof SqlFunction function)) {
            return false;
        }
        SqlIdentifier name = function.getSqlIdentifier();
        return name != null && name.names.stream().map(part -> part.toLowerCase(Locale.ROOT)).toList().equals(NAME);
    }
}
