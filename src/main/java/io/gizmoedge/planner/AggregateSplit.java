package io.gizmoedge.planner;

import java.util.List;
import org.apache.calcite.sql.SqlKind;

/**
 * An aggregate split in two steps: {@code partialCalls} computed by every worker (after the group
 * columns), and one {@code mergeFunctions} entry per original aggregate call, computed by the server.
 */
record AggregateSplit(List<PartialCall> partialCalls, List<MergeFunction> mergeFunctions) {
    AggregateSplit {
        partialCalls = List.copyOf(partialCalls);
        mergeFunctions = List.copyOf(mergeFunctions);
    }

    /**
     * One worker-side aggregate: {@code kind} (SUM, COUNT, MIN, MAX or ANY_VALUE) over input fields {@code arguments},
     * restricted by boolean input field {@code filterField} when it is not negative, named {@code column}.
     */
    record PartialCall(SqlKind kind, List<Integer> arguments, int filterField, String column) {
        PartialCall {
            arguments = List.copyOf(arguments);
        }
    }
}
