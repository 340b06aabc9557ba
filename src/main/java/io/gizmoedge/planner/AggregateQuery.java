package io.gizmoedge.planner;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;

/**
 * The query shape the first cut distributes: a chain of Sort/Limit, Project and Filter (HAVING)
 * nodes, {@code upperNodes} (top first), over one {@code aggregate}.
 */
record AggregateQuery(List<RelNode> upperNodes, Aggregate aggregate) {
    AggregateQuery {
        upperNodes = List.copyOf(upperNodes);
    }

    /** Matches the shape, or tells why the query does not have it. */
    static AggregateQuery match(RelNode root) throws NotDistributableException {
        List<RelNode> upper = new ArrayList<>();
        RelNode node = root;
        while (node instanceof Sort || node instanceof Project || node instanceof Filter) {
            upper.add(node);
            node = node.getInput(0);
        }
        if (node instanceof Aggregate aggregate) {
            return new AggregateQuery(upper, aggregate);
        }
        if (containsAggregate(node)) {
            throw new NotDistributableException("the query's aggregate is not its last step (e.g. a join or set operation follows it)");
        }
        throw new NotDistributableException("the query has no aggregate over partitioned tables");
    }

    private static boolean containsAggregate(RelNode node) {
        if (node instanceof Aggregate) {
            return true;
        }
        return node.getInputs().stream().anyMatch(AggregateQuery::containsAggregate);
    }
}
