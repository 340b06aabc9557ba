package io.gizmoedge.planner;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;

/** Every node of a converted query's tree, the trees of its sub-queries (still expressions there) included. */
final class TreeNodes {
    private TreeNodes() {
    }

    /** The nodes of {@code rel} and of the sub-queries in its expressions, each once per place it has. */
    static List<RelNode> of(RelNode rel) {
        List<RelNode> nodes = new ArrayList<>();
        collect(rel, nodes);
        return nodes;
    }

    private static void collect(RelNode rel, List<RelNode> nodes) {
        RexShuttle subQueries = new RexShuttle() {
            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                collect(subQuery.rel, nodes);
                return super.visitSubQuery(subQuery);
            }
        };
        rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                nodes.add(other);
                other.accept(subQueries);
                return super.visit(other);
            }
        });
    }
}
