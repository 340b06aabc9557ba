package io.gizmoedge.planner;

import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.ALL;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.BY;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.GROUP;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.LPAREN;
import static org.apache.calcite.sql.parser.babel.SqlBabelParserImplConstants.ORDER;

import io.gizmoedge.planner.BabelLexer.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/**
 * DuckDB's {@code GROUP BY ALL} (grouped by every select item that holds no aggregate) and
 * {@code ORDER BY ALL} (ordered by every select item, left to right). Babel cannot parse them (it
 * reads the second {@code ALL} as a column), so the planner marks them before parsing: the
 * {@code ALL} becomes a quoted name no query uses. In the parsed tree the select items take the
 * marker's place: the expressions for GROUP BY, their positions for ORDER BY (with the marker's
 * direction and NULLS order). A select list with {@code *}, or for GROUP BY a window function or a
 * sub-query, leaves the query to DuckDB on the server.
 */
final class GroupByAll {
    static final String REASON = "the planner cannot tell the columns of this GROUP BY ALL or ORDER BY ALL; DuckDB"
            + " runs the query on the server (naming them can be distributed)";
    /** Stands for {@code ALL} in {@code GROUP BY ALL} and {@code ORDER BY ALL} between marking and expanding. */
    private static final String MARKER = "$ gizmo all columns $";

    private final SqlOperatorTable functions;

    /** {@code functions} tells which called functions are aggregates. */
    GroupByAll(SqlOperatorTable functions) {
        this.functions = functions;
    }

    /** {@code sql} with the {@code ALL} of each {@code GROUP BY ALL} and {@code ORDER BY ALL} replaced by the marker. */
    static String mark(String sql) {
        if (!sql.toUpperCase(java.util.Locale.ROOT).contains("ALL")) {
            return sql;
        }
        Optional<List<Span>> lexed = BabelLexer.tokens(sql);
        if (lexed.isEmpty()) {
            return sql;
        }
        List<Span> tokens = lexed.get();
        StringBuilder text = new StringBuilder(sql);
        for (int i = tokens.size() - 1; i >= 2; i--) {
            boolean groupByAll = tokens.get(i).kind() == ALL && tokens.get(i - 1).kind() == BY
                    && (tokens.get(i - 2).kind() == GROUP || tokens.get(i - 2).kind() == ORDER)
                    && (i + 1 == tokens.size() || tokens.get(i + 1).kind() != LPAREN);
            if (groupByAll) {
                text.replace(tokens.get(i).start(), tokens.get(i).end(), "\"" + MARKER + "\"");
            }
        }
        return text.toString();
    }

    /** {@code parsed} with each marked GROUP BY grouped by its select items that hold no aggregate. */
    SqlNode expand(SqlNode parsed) throws NotDistributableException {
        NotDistributableException[] refused = new NotDistributableException[1];
        SqlNode expanded = parsed.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                SqlNode visited = super.visit(call);
                try {
                    if (visited instanceof SqlSelect select && isMarked(select.getGroup())) {
                        select.setGroupBy(groups(select.getSelectList()));
                    }
                    if (visited instanceof SqlSelect select && isMarkedOrder(select.getOrderList())) {
                        select.setOrderBy(ordered(select.getOrderList(), select.getSelectList()));
                    }
                    if (visited instanceof SqlOrderBy order && order.query instanceof SqlSelect select
                            && isMarkedOrder(order.orderList)) {
                        return new SqlOrderBy(order.getParserPosition(), order.query,
                                ordered(order.orderList, select.getSelectList()), order.offset, order.fetch);
                    }
                } catch (NotDistributableException e) {
                    refused[0] = e;
                }
                return visited;
            }
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        if (mentionsMarker(expanded)) {
            throw new NotDistributableException(REASON);
        }
        return expanded;
    }

    private static boolean isMarked(SqlNodeList group) {
        return group != null && group.size() == 1 && group.get(0) instanceof SqlIdentifier name && isMarker(name);
    }

    private static boolean isMarker(SqlIdentifier name) {
        return name.isSimple() && name.getSimple().equals(MARKER);
    }

    /** Whether an ORDER BY list is the marker alone, perhaps with a direction and a NULLS order. */
    private static boolean isMarkedOrder(SqlNodeList order) {
        return order != null && order.size() == 1 && marker(order.get(0)).isPresent();
    }

    /** The marker under {@code DESC} and {@code NULLS FIRST/LAST}, if {@code node} is it so wrapped. */
    private static Optional<SqlIdentifier> marker(SqlNode node) {
        if (node instanceof SqlIdentifier name && isMarker(name)) {
            return Optional.of(name);
        }
        if (node instanceof SqlCall call && (call.getKind() == SqlKind.DESCENDING || call.getKind() == SqlKind.NULLS_FIRST
                || call.getKind() == SqlKind.NULLS_LAST)) {
            return marker(call.operand(0));
        }
        return Optional.empty();
    }

    /** ORDER BY 1, 2, ... for every select item, each wrapped as the marker is. */
    private static SqlNodeList ordered(SqlNodeList order, SqlNodeList selectList) throws NotDistributableException {
        for (SqlNode item : selectList) {
            if (item instanceof SqlIdentifier name && name.isStar()) {
                throw new NotDistributableException(REASON);
            }
        }
        List<SqlNode> keys = new ArrayList<>();
        for (int position = 1; position <= selectList.size(); position++) {
            SqlNode key = SqlLiteral.createExactNumeric(Integer.toString(position), order.getParserPosition());
            keys.add(wrappedAs(order.get(0), key));
        }
        return new SqlNodeList(keys, order.getParserPosition());
    }

    /** {@code key} under the same DESC and NULLS calls as the marker in {@code marked}. */
    private static SqlNode wrappedAs(SqlNode marked, SqlNode key) {
        if (marked instanceof SqlCall call) {
            return call.getOperator().createCall(call.getParserPosition(), wrappedAs(call.operand(0), key));
        }
        return key;
    }

    /** The select items that hold no aggregate, without their aliases; null when there are none. */
    private SqlNodeList groups(SqlNodeList selectList) throws NotDistributableException {
        List<SqlNode> groups = new ArrayList<>();
        for (SqlNode item : selectList) {
            SqlNode expression = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
            Contents contents = new Contents();
            expression.accept(contents);
            if (contents.unclear || expression instanceof SqlIdentifier name && name.isStar()) {
                throw new NotDistributableException(REASON);
            }
            if (!contents.aggregate) {
                groups.add(expression.clone(expression.getParserPosition()));
            }
        }
        return groups.isEmpty() ? null : new SqlNodeList(groups, selectList.getParserPosition());
    }

    /** What an expression holds: an aggregate call, or something whose grouping the planner cannot tell. */
    private final class Contents extends SqlBasicVisitor<Void> {
        boolean aggregate;
        boolean unclear;

        @Override
        public Void visit(SqlCall call) {
            if (call instanceof SqlSelect || call.getKind() == SqlKind.OVER) {
                unclear = true;
                return null;
            }
            if (isAggregate(call.getOperator())) {
                aggregate = true;
                return null;
            }
            return super.visit(call);
        }

        @Override
        public Void visit(SqlIdentifier identifier) {
            unclear |= identifier.isStar();
            return null;
        }
    }

    /** Whether {@code operator} is an aggregate: itself, or the function of its name the planner knows. */
    private boolean isAggregate(SqlOperator operator) {
        if (operator.isAggregator()) {
            return true;
        }
        if (!(operator instanceof SqlFunction function) || function.getSqlIdentifier() == null) {
            return false;
        }
        List<SqlOperator> known = new ArrayList<>();
        functions.lookupOperatorOverloads(function.getSqlIdentifier(), SqlFunctionCategory.USER_DEFINED_FUNCTION,
                SqlSyntax.FUNCTION, known, SqlNameMatchers.withCaseSensitive(false));
        return known.stream().anyMatch(SqlOperator::isAggregator);
    }

    private static boolean mentionsMarker(SqlNode node) {
        boolean[] found = new boolean[1];
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier identifier) {
                found[0] |= identifier.names.contains(MARKER);
                return null;
            }
        });
        return found[0];
    }
}
