package io.gizmoedge.planner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import com.google.common.collect.ImmutableSet;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Turns {@code WHERE … AND [NOT] EXISTS (SELECT … FROM x WHERE p(x, outer))} into a semi-join
 * (anti-join for NOT EXISTS) of the outer rows with {@code x} on {@code p}, before Calcite's
 * decorrelator sees it. The two are equivalent: a row is kept when some (no) row of {@code x}
 * makes {@code p} true. Unlike the decorrelated form, the join reads {@code x} once and keeps a
 * condition such as {@code l2.l_suppkey <> l1.l_suppkey} (TPC-H Q21) as it is, so that it stays
 * local on the workers when {@code p} equates co-location keys.
 *
 * <p>Only sub-queries whose correlated condition sits in one filter directly over (projections
 * of) an uncorrelated input are turned; every other sub-query is left for {@link SubQueryRewriter}.
 */
final class ExistsRewriter {

    /** The rewritten tree, or empty when it holds no sub-query this rewriter turns. */
    Optional<RelNode> rewrite(RelNode rel) {
        // the shuttle copies a node only when one of its inputs changed
        RelNode rewritten = rel.accept(new RelShuttleImpl() {
            @Override
            public RelNode visit(LogicalFilter filter) {
                RelNode visited = super.visit(filter);
                return visited instanceof LogicalFilter f && f.getVariablesSet().size() == 1 ? rewriteFilter(f) : visited;
            }
        });
        return rewritten == rel ? Optional.empty() : Optional.of(rewritten);
    }

    private RelNode rewriteFilter(LogicalFilter filter) {
        CorrelationId correlation = filter.getVariablesSet().iterator().next();
        RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
        List<RexNode> remaining = new ArrayList<>();
        List<SemiJoinTerm> terms = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
            Optional<SemiJoinTerm> term = semiJoinTerm(conjunct, correlation);
            if (term.isPresent()) {
                terms.add(term.get());
            } else {
                remaining.add(conjunct);
            }
        }
        if (terms.isEmpty()) {
            return filter;
        }
        RelNode result = filter.getInput();
        if (!remaining.isEmpty()) {
            RexNode condition = RexUtil.composeConjunction(rexBuilder, remaining);
            boolean stillCorrelated = RexUtil.SubQueryFinder.find(remaining) != null || mentions(condition, correlation);
            result = LogicalFilter.create(result, condition,
                    stillCorrelated ? ImmutableSet.of(correlation) : ImmutableSet.of());
        }
        for (SemiJoinTerm term : terms) {
            RexNode condition = term.condition().accept(
                    new CorrelationToJoinInputs(correlation, filter.getInput().getRowType(), rexBuilder));
            result = LogicalJoin.create(result, term.inner(), List.of(), condition, Set.of(), term.type());
        }
        return result;
    }

    /** The semi- or anti-join a conjunct stands for, when it is a turnable [NOT] EXISTS. */
    private static Optional<SemiJoinTerm> semiJoinTerm(RexNode conjunct, CorrelationId correlation) {
        JoinRelType type = JoinRelType.SEMI;
        RexNode node = conjunct;
        if (node.getKind() == SqlKind.NOT && ((RexCall) node).getOperands().get(0) instanceof RexSubQuery) {
            type = JoinRelType.ANTI;
            node = ((RexCall) node).getOperands().get(0);
        }
        if (!(node instanceof RexSubQuery subQuery) || subQuery.getKind() != SqlKind.EXISTS) {
            return Optional.empty();
        }
        RelNode body = subQuery.rel;
        while (body instanceof Project project && project.getProjects().stream().noneMatch(p -> mentions(p, correlation))) {
            body = project.getInput();
        }
        if (!(body instanceof Filter inner)) {
            return Optional.empty();
        }
        RexNode condition = inner.getCondition();
        if (!mentions(condition, correlation) || RexUtil.SubQueryFinder.find(condition) != null
                || !RelOptUtil.getVariablesUsed(inner.getInput()).isEmpty()
                || containsSubQuery(inner.getInput()) || !onlyFieldAccesses(condition, correlation)) {
            return Optional.empty();
        }
        return Optional.of(new SemiJoinTerm(type, inner.getInput(), condition));
    }

    private static boolean containsSubQuery(RelNode rel) {
        boolean[] found = {false};
        rel.accept(new org.apache.calcite.rel.RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                if (other instanceof Filter f && RexUtil.SubQueryFinder.find(f.getCondition()) != null
                        || other instanceof Project p && RexUtil.SubQueryFinder.find(p.getProjects()) != null) {
                    found[0] = true;
                }
                return super.visit(other);
            }
        });
        return found[0];
    }

    private static boolean mentions(RexNode node, CorrelationId correlation) {
        CorrelationUse use = CorrelationUse.in(node);
        return use.asFields.contains(correlation) || use.whole.contains(correlation);
    }

    /**
     * True when the condition names no correlation variable but {@code correlation}, and that one
     * only as {@code $cor.field}, never whole.
     */
    private static boolean onlyFieldAccesses(RexNode condition, CorrelationId correlation) {
        CorrelationUse use = CorrelationUse.in(condition);
        return use.whole.isEmpty() && Set.of(correlation).containsAll(use.asFields);
    }

    /** The correlation variables an expression names, as {@code $cor.field} or whole. */
    private static final class CorrelationUse extends RexShuttle {
        final Set<CorrelationId> asFields = new HashSet<>();
        final Set<CorrelationId> whole = new HashSet<>();

        static CorrelationUse in(RexNode node) {
            CorrelationUse use = new CorrelationUse();
            node.accept(use);
            return use;
        }

        @Override
        public RexNode visitFieldAccess(RexFieldAccess access) {
            if (access.getReferenceExpr() instanceof RexCorrelVariable variable) {
                asFields.add(variable.id);
                return access;
            }
            return super.visitFieldAccess(access);
        }

        @Override
        public RexNode visitCorrelVariable(RexCorrelVariable variable) {
            whole.add(variable.id);
            return variable;
        }
    }

    private record SemiJoinTerm(JoinRelType type, RelNode inner, RexNode condition) {
    }

    /** Outer fields ($cor.i) become the join's left inputs; the inner's fields shift right past them. */
    private static final class CorrelationToJoinInputs extends RexShuttle {
        private final CorrelationId correlation;
        private final RelDataType outer;
        private final RexBuilder rexBuilder;

        CorrelationToJoinInputs(CorrelationId correlation, RelDataType outer, RexBuilder rexBuilder) {
            this.correlation = correlation;
            this.outer = outer;
            this.rexBuilder = rexBuilder;
        }

        @Override
        public RexNode visitFieldAccess(RexFieldAccess access) {
            if (access.getReferenceExpr() instanceof RexCorrelVariable variable && variable.id.equals(correlation)) {
                int field = access.getField().getIndex();
                return rexBuilder.makeInputRef(outer.getFieldList().get(field).getType(), field);
            }
            return super.visitFieldAccess(access);
        }

        @Override
        public RexNode visitInputRef(RexInputRef ref) {
            return rexBuilder.makeInputRef(ref.getType(), ref.getIndex() + outer.getFieldCount());
        }
    }
}
