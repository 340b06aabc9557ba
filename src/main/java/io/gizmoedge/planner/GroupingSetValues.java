package io.gizmoedge.planner;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * Gives the rows of GROUPING SETS, ROLLUP and CUBE the group values DuckDB gives them. In the
 * planner's lenient (Babel) conformance Calcite reads a selected group column as {@code ANY_VALUE} of
 * it, which in a row of a grouping set without that column is some value of the group, where DuckDB
 * (and the SQL standard) gives NULL. Each such call becomes the aggregate's own group column, which
 * is NULL exactly there. A call whose type differs from the group column's is not rewritten: the
 * query then runs on the server as written.
 *
 * <p>In a simple GROUP BY the calls are rewritten too, where the types allow: there ANY_VALUE of a
 * group column is its value, and a partial aggregate need not compute and send it twice.
 */
final class GroupingSetValues {
    RelNode rewrite(RelNode rel) throws NotDistributableException {
        try {
            return rel.accept(new RelShuttleImpl() {
                @Override
                public RelNode visit(LogicalAggregate aggregate) {
                    LogicalAggregate visited = (LogicalAggregate) super.visit(aggregate);
                    try {
                        return withGroupValues(visited);
                    } catch (TypeMismatch e) {
                        if (visited.getGroupType() != Aggregate.Group.SIMPLE) {
                            throw e;
                        }
                        return visited; // in a simple GROUP BY, ANY_VALUE of a group column is its value anyway
                    }
                }
            });
        } catch (TypeMismatch e) {
            throw new NotDistributableException("the planner cannot type a group column of GROUPING SETS, ROLLUP or CUBE");
        }
    }

    private static RelNode withGroupValues(LogicalAggregate aggregate) {
        int groupCount = aggregate.getGroupCount();
        List<AggregateCall> kept = new ArrayList<>();
        List<Integer> outputFields = new ArrayList<>(); // per call: the field of the new aggregate that holds it
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (isGroupValue(call, aggregate)) {
                outputFields.add(aggregate.getGroupSet().indexOf(call.getArgList().get(0)));
            } else {
                outputFields.add(-1 - kept.size());
                kept.add(call);
            }
        }
        if (kept.size() == aggregate.getAggCallList().size()) {
            return aggregate;
        }
        LogicalAggregate rewritten = aggregate.copy(aggregate.getTraitSet(), aggregate.getInput(), aggregate.getGroupSet(),
                aggregate.getGroupSets(), kept);
        RexBuilder rex = aggregate.getCluster().getRexBuilder();
        List<RelDataTypeField> fields = aggregate.getRowType().getFieldList();
        List<RexNode> projects = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            projects.add(rex.makeInputRef(rewritten, i));
        }
        for (int j = 0; j < outputFields.size(); j++) {
            int field = outputFields.get(j) >= 0 ? outputFields.get(j) : groupCount - 1 - outputFields.get(j);
            RexNode reference = rex.makeInputRef(rewritten, field);
            if (!reference.getType().equals(fields.get(groupCount + j).getType())) {
                throw new TypeMismatch();
            }
            projects.add(reference);
        }
        return LogicalProject.create(rewritten, List.of(), projects, aggregate.getRowType().getFieldNames(), java.util.Set.of());
    }

    /** ANY_VALUE of a group column, plain (no DISTINCT, no FILTER). */
    private static boolean isGroupValue(AggregateCall call, Aggregate aggregate) {
        return call.getAggregation().getKind() == SqlKind.ANY_VALUE && call.getArgList().size() == 1
                && !call.isDistinct() && call.filterArg < 0 && aggregate.getGroupSet().get(call.getArgList().get(0));
    }

    /** A rewritten call would change a column's type. */
    private static final class TypeMismatch extends RuntimeException {
        TypeMismatch() {
            super(null, null, false, false);
        }
    }
}
