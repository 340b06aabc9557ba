package io.gizmoedge.planner;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.JoinProjectTransposeRule;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.RelBuilder;

/**
 * Turns a join with the distinct keys of its right side whose right columns are not used above it
 * (what decorrelating EXISTS and IN produces) into a semi-join, which DuckDB runs as EXISTS
 * instead of first grouping the whole right side by its keys. Unused columns are trimmed first so
 * that the rules can see that the right side only filters. A tree without such a join is returned
 * unchanged. Semantics are unchanged either way.
 */
final class SemiJoinRewriter {
    /**
     * Calcite's rule pulls a projection up through the right side of a join; it builds the row type
     * of both sides and so breaks on semi- and anti-joins (whose rows are the left side's only).
     */
    private static final RelOptRule JOIN_PROJECT_RIGHT_TRANSPOSE = JoinProjectTransposeRule.Config.RIGHT
            .withOperandSupplier(join -> join.operand(LogicalJoin.class)
                    .predicate(j -> j.getJoinType() != JoinRelType.SEMI && j.getJoinType() != JoinRelType.ANTI)
                    .inputs(left -> left.operand(RelNode.class).anyInputs(),
                            right -> right.operand(LogicalProject.class).anyInputs()))
            .as(JoinProjectTransposeRule.Config.class)
            .toRule();

    RelNode rewrite(RelNode rel) {
        RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null);
        RelNode trimmed = new RelFieldTrimmer(null, builder).trim(rel);
        HepProgram program = new HepProgramBuilder()
                .addRuleInstance(JOIN_PROJECT_RIGHT_TRANSPOSE)
                .addRuleInstance(CoreRules.PROJECT_MERGE)
                .addRuleInstance(CoreRules.PROJECT_REMOVE)
                .addRuleInstance(CoreRules.PROJECT_TO_SEMI_JOIN)
                .addRuleInstance(CoreRules.JOIN_TO_SEMI_JOIN)
                .build();
        HepPlanner planner = new HepPlanner(program);
        planner.setRoot(trimmed);
        RelNode rewritten = planner.findBestExp();
        return containsSemiJoin(rewritten) ? rewritten : rel;
    }

    private static boolean containsSemiJoin(RelNode rel) {
        boolean[] found = {false};
        rel.accept(new RelShuttleImpl() {
            @Override
            public RelNode visit(LogicalJoin join) {
                found[0] |= join.getJoinType() == JoinRelType.SEMI;
                return super.visit(join);
            }
        });
        return found[0];
    }
}
