package io.gizmoedge.planner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;

/**
 * Restricts an aggregate that must be merged on the server (and then broadcast) to the groups its
 * join can use. In {@code L JOIN (SELECT k, agg(...) FROM X GROUP BY k) R ON L.c = R.k}, when
 * every value of {@code L.c} comes from a column of a replicated subtree S of L (through
 * projections, filters and inner or semi joins), a group of R whose key is not a value of that
 * column can never join, so X is semi-joined with S first (only when S filters its rows: an
 * unfiltered table would cost a join and restrict little). Whole groups are kept or dropped, so
 * the aggregates of the kept groups do not change. TPC-H Q17 then averages the quantities of the
 * few parts that pass the part filter instead of all parts, and Q20 sums only the part/supplier
 * pairs of the filtered partsupp rows; the result that crosses the network shrinks with it.
 */
final class AggregateKeyRestrictor {
    private final DistributionAnalyzer analyzer;

    AggregateKeyRestrictor(DistributionAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    RelNode rewrite(RelNode rel) {
        return rel.accept(new RelShuttleImpl() {
            @Override
            public RelNode visit(LogicalJoin join) {
                LogicalJoin visited = (LogicalJoin) super.visit(join);
                return restrict(visited).orElse(visited);
            }
        });
    }

    /** A replicated subtree and the field of it where a column's values come from. */
    private record Origin(RelNode subtree, int field) {
    }

    private Optional<RelNode> restrict(LogicalJoin join) {
        if (join.getJoinType() != JoinRelType.INNER || !(join.getRight() instanceof LogicalAggregate aggregate)
                || aggregate.getGroupType() != org.apache.calcite.rel.core.Aggregate.Group.SIMPLE
                || aggregate.getGroupCount() == 0
                || !(analyzer.analyze(aggregate) instanceof Distribution.Single)
                || !(analyzer.analyze(aggregate.getInput()) instanceof Distribution.Partitioned)) {
            return Optional.empty();
        }
        int leftCount = join.getLeft().getRowType().getFieldCount();
        // group key position -> origin of the left column it is equated with
        Map<RelNode, List<int[]>> keysBySubtree = new LinkedHashMap<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(join.getCondition())) {
            if (!(conjunct instanceof RexCall call) || call.getKind() != SqlKind.EQUALS
                    || !(call.getOperands().get(0) instanceof RexInputRef a)
                    || !(call.getOperands().get(1) instanceof RexInputRef b)) {
                continue;
            }
            int leftField = Math.min(a.getIndex(), b.getIndex());
            int rightField = Math.max(a.getIndex(), b.getIndex()) - leftCount;
            if (leftField >= leftCount || rightField < 0 || rightField >= aggregate.getGroupCount()) {
                continue;
            }
            Optional<Origin> origin = originOf(join.getLeft(), leftField);
            if (origin.isPresent() && filters(origin.get().subtree())) {
                int inputKey = aggregate.getGroupSet().nth(rightField);
                keysBySubtree.computeIfAbsent(origin.get().subtree(), s -> new ArrayList<>())
                        .add(new int[] {inputKey, origin.get().field()});
            }
        }
        if (keysBySubtree.isEmpty()) {
            return Optional.empty();
        }
        RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(join.getCluster(), null);
        builder.push(aggregate.getInput());
        for (Map.Entry<RelNode, List<int[]>> entry : keysBySubtree.entrySet()) {
            builder.push(entry.getKey());
            List<RexNode> conditions = new ArrayList<>();
            for (int[] pair : entry.getValue()) {
                conditions.add(builder.equals(builder.field(2, 0, pair[0]), builder.field(2, 1, pair[1])));
            }
            builder.semiJoin(conditions);
        }
        RelNode restrictedInput = builder.build();
        RelNode restricted = aggregate.copy(aggregate.getTraitSet(), List.of(restrictedInput));
        return Optional.of(join.copy(join.getTraitSet(), List.of(join.getLeft(), restricted)));
    }

    /** Whether a subtree filters its rows anywhere: only then can it restrict the aggregate's groups much. */
    private static boolean filters(RelNode node) {
        if (node instanceof Filter) {
            return true;
        }
        for (RelNode input : node.getInputs()) {
            if (filters(input)) {
                return true;
            }
        }
        return false;
    }

    /** Where the values of {@code field} of {@code node} come from, when that is a replicated subtree. */
    private Optional<Origin> originOf(RelNode node, int field) {
        if (analyzer.analyze(node) instanceof Distribution.Replicated) {
            return Optional.of(new Origin(node, field));
        }
        if (node instanceof Project project) {
            return project.getProjects().get(field) instanceof RexInputRef ref
                    ? originOf(project.getInput(), ref.getIndex()) : Optional.empty();
        }
        if (node instanceof Filter filter) {
            return originOf(filter.getInput(), field);
        }
        if (node instanceof LogicalJoin join
                && (join.getJoinType() == JoinRelType.INNER || join.getJoinType() == JoinRelType.SEMI)) {
            int leftCount = join.getLeft().getRowType().getFieldCount();
            return field < leftCount ? originOf(join.getLeft(), field) : originOf(join.getRight(), field - leftCount);
        }
        return Optional.empty();
    }
}
