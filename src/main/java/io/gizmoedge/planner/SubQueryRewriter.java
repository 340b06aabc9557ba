package io.gizmoedge.planner;

import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.tools.RelBuilder;

/**
 * Turns sub-queries (scalar, IN, EXISTS, correlated or not) into joins and aggregates, so that the
 * rest of the planner sees only joins: Calcite's sub-query removal rules, then its decorrelator.
 * Semantics are unchanged; where a correlation cannot be removed a Correlate node stays.
 */
final class SubQueryRewriter {
    RelNode rewrite(RelNode rel) {
        HepProgram program = new HepProgramBuilder()
                .addMatchOrder(HepMatchOrder.BOTTOM_UP)
                .addRuleInstance(CoreRules.FILTER_SUB_QUERY_TO_CORRELATE)
                .addRuleInstance(CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE)
                .addRuleInstance(CoreRules.JOIN_SUB_QUERY_TO_CORRELATE)
                .build();
        HepPlanner planner = new HepPlanner(program);
        planner.setRoot(rel);
        RelNode withoutSubQueries = planner.findBestExp();
        RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(withoutSubQueries.getCluster(), null);
        return RelDecorrelator.decorrelateQuery(withoutSubQueries, builder);
    }
}
