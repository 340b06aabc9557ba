package io.gizmoedge.planner;

import java.util.List;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;

/**
 * An aggregate split in two steps: {@code partialCalls} computed by every worker (after the group
 * columns), and one {@code mergeFunctions} entry per original aggregate call, computed by the server.
 *
 * <p>{@code distinctFields} are input fields (not in the aggregate's group set, ascending) that
 * workers add to their grouping so that the server can evaluate DISTINCT aggregates over them:
 * the workers return each distinct combination of group values and these fields once.
 */
record AggregateSplit(List<Integer> distinctFields, List<PartialCall> partialCalls, List<MergeFunction> mergeFunctions) {
    AggregateSplit {
        distinctFields = List.copyOf(distinctFields);
        partialCalls = List.copyOf(partialCalls);
        mergeFunctions = List.copyOf(mergeFunctions);
        for (int i = 1; i < distinctFields.size(); i++) {
            if (distinctFields.get(i - 1) >= distinctFields.get(i)) {
                throw new IllegalArgumentException("distinct fields must be ascending: " + distinctFields);
            }
        }
    }

    /** A split without DISTINCT aggregates: workers group by the aggregate's own group set. */
    AggregateSplit(List<PartialCall> partialCalls, List<MergeFunction> mergeFunctions) {
        this(List.of(), partialCalls, mergeFunctions);
    }

    /**
     * One worker-side aggregate: {@code function} (SUM, COUNT, MIN, MAX, ANY_VALUE, AVG, VAR_POP, BIT_AND,
     * BIT_OR, BIT_XOR, or DuckDB's regr_count, regr_avgx, regr_avgy, regr_sxx, regr_syy and regr_sxy; never
     * DISTINCT) over input fields {@code arguments}, restricted by boolean input field {@code filterField}
     * when it is not negative and to the rows where none of {@code nonNullFields} is NULL, named
     * {@code column}.
     */
    record PartialCall(SqlAggFunction function, List<Integer> arguments, int filterField, List<Integer> nonNullFields,
            String column) {
        PartialCall {
            java.util.Objects.requireNonNull(function, "function");
            arguments = List.copyOf(arguments);
            nonNullFields = List.copyOf(nonNullFields);
        }

        SqlKind kind() {
            return function.getKind();
        }
    }
}
