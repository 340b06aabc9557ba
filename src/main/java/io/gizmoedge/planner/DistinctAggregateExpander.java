package io.gizmoedge.planner;

import java.util.OptionalLong;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.rules.AggregateExpandDistinctAggregatesRule;

/**
 * Turns an aggregate without GROUP BY whose calls are all DISTINCT over one column with many values
 * ({@code SELECT count(DISTINCT l_partkey) FROM lineitem}) into the same aggregate, without DISTINCT,
 * over a GROUP BY of that column (Calcite's {@link AggregateExpandDistinctAggregatesRule}): the GROUP BY
 * then has the many groups that {@link DistributionAnalyzer} merges on the workers, repartitioned by
 * the column, and the server only adds up one partial row per worker. Other aggregates stay as written.
 */
final class DistinctAggregateExpander {
    private final GroupCountEstimator estimator;
    private final PlannerSettings settings;

    DistinctAggregateExpander(GroupCountEstimator estimator, PlannerSettings settings) {
        this.estimator = estimator;
        this.settings = settings;
    }

    RelNode rewrite(RelNode rel) {
        RelOptRule rule = AggregateExpandDistinctAggregatesRule.Config.DEFAULT
                .withOperandSupplier(operand -> operand.operand(LogicalAggregate.class)
                        .predicate(this::expands).anyInputs())
                .as(AggregateExpandDistinctAggregatesRule.Config.class)
                .toRule();
        HepPlanner planner = new HepPlanner(new HepProgramBuilder().addRuleInstance(rule).build());
        planner.setRoot(rel);
        return planner.findBestExp();
    }

    /** No GROUP BY, every call DISTINCT over the same one column, and more values than the server should merge. */
    private boolean expands(Aggregate aggregate) {
        if (!aggregate.getGroupSet().isEmpty() || aggregate.getGroupType() != Aggregate.Group.SIMPLE
                || aggregate.getAggCallList().isEmpty()) {
            return false;
        }
        AggregateCall first = aggregate.getAggCallList().get(0);
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (!call.isDistinct() || call.isApproximate() || call.filterArg >= 0 || call.distinctKeys != null
                    || !call.collation.getFieldCollations().isEmpty() || call.getArgList().size() != 1
                    || !call.getArgList().equals(first.getArgList())) {
                return false;
            }
        }
        OptionalLong values = estimator.distinctCombinations(aggregate.getInput(), first.getArgList());
        return values.isPresent() && values.getAsLong() > settings.aggregateRepartitionGroups();
    }
}
