package io.gizmoedge.planner;

import io.gizmoedge.planner.AggregateSplit.PartialCall;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;

/** Generates the SQL every worker runs over its shards. Output columns get simple generated names. */
final class WorkerSqlGenerator {
    static final String GROUP_PREFIX = "g";
    static final String COMPLETE_PREFIX = "c";

    /** The whole aggregate (complete per shard when grouped by a co-location key), columns c0, c1, ... */
    String completeAggregate(Aggregate aggregate) {
        RelBuilder builder = builder(aggregate);
        builder.push(aggregate).rename(names(COMPLETE_PREFIX, aggregate.getRowType().getFieldCount()));
        return DuckDbSqlWriter.toSql(builder.build());
    }

    /** The partial aggregate over the aggregate's input: group columns g0, g1, ... then partials a0, a1, ... */
    String partialAggregate(Aggregate aggregate, AggregateSplit split) {
        RelBuilder builder = builder(aggregate);
        builder.push(aggregate.getInput());
        List<RelBuilder.AggCall> calls = new ArrayList<>();
        for (PartialCall partial : split.partialCalls()) {
            calls.add(aggCall(builder, partial));
        }
        builder.aggregate(builder.groupKey(aggregate.getGroupSet()), calls);
        List<String> names = names(GROUP_PREFIX, aggregate.getGroupCount());
        split.partialCalls().forEach(p -> names.add(p.column()));
        builder.rename(names);
        return DuckDbSqlWriter.toSql(builder.build());
    }

    private static RelBuilder.AggCall aggCall(RelBuilder builder, PartialCall partial) {
        List<RexNode> operands = new ArrayList<>();
        partial.arguments().forEach(i -> operands.add(builder.field(i)));
        RelBuilder.AggCall call = switch (partial.kind()) {
            case SUM -> builder.sum(false, partial.column(), operands.get(0));
            case COUNT -> operands.isEmpty()
                    ? builder.countStar(partial.column())
                    : builder.count(false, partial.column(), operands);
            case MIN -> builder.min(partial.column(), operands.get(0));
            case MAX -> builder.max(partial.column(), operands.get(0));
            case ANY_VALUE -> builder.aggregateCall(SqlStdOperatorTable.ANY_VALUE, operands.get(0)).as(partial.column());
            default -> throw new IllegalArgumentException("not a partial aggregate: " + partial.kind());
        };
        return partial.filterField() >= 0 ? call.filter(builder.field(partial.filterField())) : call;
    }

    private static RelBuilder builder(Aggregate aggregate) {
        return RelFactories.LOGICAL_BUILDER.create(aggregate.getCluster(), null);
    }

    static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(prefix + i);
        }
        return names;
    }
}
