package io.gizmoedge.planner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The final step of a split aggregate as a relational tree over the partial rows, built with
 * {@link RelBuilder} so that one writer ({@link DuckDbSqlWriter}) turns it into SQL as every other
 * stage: the helper columns some merges read (per-group window aggregates over the partial rows),
 * the aggregate of the partial rows by the group columns (or the grouping sets over them), and a
 * projection with one column per column of the original aggregate, named by
 * {@link StageColumn#AGGREGATE}.
 */
final class FinalAggregate {
    private FinalAggregate() {
    }

    /**
     * The final aggregate of {@code aggregate}, split as {@code split}, over {@code partialRows}: the
     * workers' partial rows, whose columns are named as {@link WorkerSqlGenerator#partialAggregate}
     * names them.
     */
    static RelNode over(RelNode partialRows, Aggregate aggregate, AggregateSplit split) {
        RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(partialRows.getCluster(), null);
        builder.push(partialRows);
        int groupCount = aggregate.getGroupCount();
        List<RexNode> groups = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            groups.add(builder.field(StageColumn.GROUP.name(i)));
        }
        Map<String, RexNode> helpers = new LinkedHashMap<>();
        split.mergeFunctions().forEach(merge -> helpers.putAll(merge.helperColumns(builder, groups)));
        if (!helpers.isEmpty()) {
            builder.projectPlus(helpers.entrySet().stream().map(helper -> builder.alias(helper.getValue(), helper.getKey())).toList());
        }
        List<RelBuilder.AggCall> calls = new ArrayList<>();
        List<Integer> firstCalls = new ArrayList<>();
        for (MergeFunction merge : split.mergeFunctions()) {
            firstCalls.add(calls.size());
            calls.addAll(merge.calls(builder));
        }
        builder.aggregate(groupKey(builder, aggregate), calls);
        List<RexNode> columns = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            columns.add(builder.field(i));
        }
        for (int j = 0; j < split.mergeFunctions().size(); j++) {
            int first = groupCount + firstCalls.get(j);
            int end = groupCount + (j + 1 < firstCalls.size() ? firstCalls.get(j + 1) : calls.size());
            List<RexNode> results = new ArrayList<>();
            for (int field = first; field < end; field++) {
                results.add(builder.field(field));
            }
            columns.add(split.mergeFunctions().get(j).value(builder, results));
        }
        return builder.project(columns, StageColumn.AGGREGATE.names(columns.size()), true).build();
    }

    /** The partial rows' group columns, or the aggregate's grouping sets over them. */
    private static RelBuilder.GroupKey groupKey(RelBuilder builder, Aggregate aggregate) {
        ImmutableBitSet groupSet = aggregate.getGroupSet();
        List<RexNode> groups = new ArrayList<>();
        for (int i = 0; i < aggregate.getGroupCount(); i++) {
            groups.add(builder.field(StageColumn.GROUP.name(i)));
        }
        if (aggregate.getGroupType() == Aggregate.Group.SIMPLE) {
            return builder.groupKey(groups);
        }
        List<Integer> groupFields = groups.stream()
                .map(group -> ((RexInputRef) group).getIndex()).toList();
        List<ImmutableBitSet> sets = new ArrayList<>();
        for (ImmutableBitSet set : aggregate.getGroupSets()) {
            sets.add(ImmutableBitSet.of(set.asList().stream().map(field -> groupFields.get(groupSet.indexOf(field))).toList()));
        }
        return builder.groupKey(ImmutableBitSet.of(groupFields), sets);
    }
}
