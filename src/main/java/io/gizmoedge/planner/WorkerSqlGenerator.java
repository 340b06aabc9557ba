package io.gizmoedge.planner;

import io.gizmoedge.planner.AggregateSplit.PartialCall;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/** The aggregates every worker runs over its shards, as SQL or as a tree. Output columns get simple generated names. */
final class WorkerSqlGenerator {
    /** The whole aggregate (complete per shard when grouped by a co-location key), columns c0, c1, ... */
    String completeAggregate(Aggregate aggregate) {
        RelBuilder builder = builder(aggregate);
        builder.push(aggregate).rename(StageColumn.AGGREGATE.names(aggregate.getRowType().getFieldCount()));
        return DuckDbSqlWriter.toSql(builder.build());
    }

    /**
     * The tree of the partial aggregate over the aggregate's input, grouped by the aggregate's group set and the
     * split's distinct fields: group columns g0, g1, ... and distinct fields d0, d1, ... (in input field
     * order, interleaved as the fields are), then partials a0, a1, ...
     */
    RelNode partialAggregate(Aggregate aggregate, AggregateSplit split) {
        RelBuilder builder = builder(aggregate);
        builder.push(aggregate.getInput());
        List<RelBuilder.AggCall> calls = new ArrayList<>();
        for (PartialCall partial : split.partialCalls()) {
            calls.add(aggCall(builder, partial));
        }
        ImmutableBitSet groupSet = aggregate.getGroupSet();
        ImmutableBitSet workerGroup = groupSet.union(ImmutableBitSet.of(split.distinctFields()));
        builder.aggregate(builder.groupKey(workerGroup), calls);
        List<String> names = new ArrayList<>();
        for (int field : workerGroup) {
            names.add(groupSet.get(field)
                    ? StageColumn.GROUP.name(groupSet.indexOf(field))
                    : StageColumn.DISTINCT.name(split.distinctFields().indexOf(field)));
        }
        split.partialCalls().forEach(p -> names.add(p.column()));
        return builder.rename(names).build();
    }

    private static RelBuilder.AggCall aggCall(RelBuilder builder, PartialCall partial) {
        List<RexNode> operands = new ArrayList<>();
        partial.arguments().forEach(i -> operands.add(builder.field(i)));
        // the call's own function: Calcite's REGR_COUNT is of kind COUNT, and DuckDB's count takes one argument
        RelBuilder.AggCall call = partial.kind() == SqlKind.COUNT && operands.isEmpty()
                ? builder.countStar(partial.column())
                : builder.aggregateCall(partial.function(), operands).as(partial.column());
        List<RexNode> conditions = new ArrayList<>();
        if (partial.filterField() >= 0) {
            conditions.add(builder.field(partial.filterField()));
        }
        partial.nonNullFields().forEach(field -> conditions.add(builder.isNotNull(builder.field(field))));
        return conditions.isEmpty() ? call : call.filter(builder.and(conditions));
    }

    private static RelBuilder builder(Aggregate aggregate) {
        return RelFactories.LOGICAL_BUILDER.create(aggregate.getCluster(), null);
    }
}
