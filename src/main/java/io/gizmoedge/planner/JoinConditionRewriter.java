package io.gizmoedge.planner;

import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rules.CoreRules;

/**
 * Moves WHERE conditions into the joins they constrain ({@code FROM a, b WHERE a.k = b.k} becomes an
 * inner join on {@code a.k = b.k}), so distribution analysis sees the join keys. Semantics are unchanged.
 */
final class JoinConditionRewriter {
    RelNode rewrite(RelNode rel) {
        // a program per call: older Calcite versions kept execution state in HepProgram
        HepProgram program = new HepProgramBuilder()
                .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
                .addRuleInstance(CoreRules.JOIN_CONDITION_PUSH)
                .build();
        HepPlanner planner = new HepPlanner(program);
        planner.setRoot(rel);
        return planner.findBestExp();
    }
}
