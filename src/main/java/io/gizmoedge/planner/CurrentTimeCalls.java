package io.gizmoedge.planner;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * Finds calls that read the current date or time ({@code CURRENT_DATE}, {@code CURRENT_TIMESTAMP},
 * {@code LOCALTIMESTAMP}, {@code today()}, ...) in a converted query, in sub-queries too. Single-node
 * DuckDB gives such a call one value for the whole query; in a distributed plan each node would read
 * its own clock, which need not agree with the server's (an edge device's may be far off), and one
 * worker may start its part after midnight and another before. Such a query runs on the server.
 */
final class CurrentTimeCalls {

    private CurrentTimeCalls() {
    }

    /** Why a query that calls {@code call} runs on the server. */
    static String reason(String call) {
        return "the query reads the current date or time (" + call + "), which the server gives once for the whole"
                + " query; a worker's clock need not agree with the server's";
    }

    /** The name of a call in {@code rel} that reads the current date or time, if there is one. */
    static Optional<String> in(RelNode rel) {
        SortedSet<String> found = new TreeSet<>();
        RexShuttle calls = new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                if (call.getOperator().isDynamicFunction()) {
                    found.add(call.getOperator().getName());
                }
                return super.visitCall(call);
            }
        };
        TreeNodes.of(rel).forEach(node -> node.accept(calls));
        return found.stream().findFirst();
    }
}
