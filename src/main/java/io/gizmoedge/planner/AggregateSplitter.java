package io.gizmoedge.planner;

import io.gizmoedge.planner.AggregateSplit.PartialCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlKind;

/**
 * Splits an aggregate into partial aggregates on workers and a final merge on the server:
 * SUM → sum of sums, COUNT → sum of counts, MIN/MAX → min/max, ANY_VALUE → any_value, AVG → sum / count.
 */
final class AggregateSplitter {
    static final String PARTIAL_PREFIX = "a";

    AggregateSplit split(Aggregate aggregate) throws NotDistributableException {
        List<PartialCall> partials = new ArrayList<>();
        List<MergeFunction> merges = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            String name = call.getAggregation().getName().toUpperCase(Locale.ROOT);
            SqlKind kind = call.getAggregation().getKind();
            boolean minOrMax = kind == SqlKind.MIN || kind == SqlKind.MAX;
            if (call.isDistinct() && !minOrMax) {
                throw new NotDistributableException("the planner cannot split " + name
                        + "(DISTINCT ...) unless the query groups by a co-location key");
            }
            if (!call.collation.getFieldCollations().isEmpty()) {
                throw new NotDistributableException("the planner cannot split the ordered aggregate " + name);
            }
            List<Integer> args = call.getArgList();
            int filter = call.filterArg;
            switch (kind) {
                case SUM, SUM0 -> {
                    String column = add(partials, SqlKind.SUM, args, filter);
                    merges.add(kind == SqlKind.SUM0 ? new MergeFunction.SumOfCounts(column) : new MergeFunction.SumOfSums(column));
                }
                case COUNT -> merges.add(new MergeFunction.SumOfCounts(add(partials, SqlKind.COUNT, args, filter)));
                case MIN -> merges.add(new MergeFunction.MinOfMins(add(partials, SqlKind.MIN, args, filter)));
                case MAX -> merges.add(new MergeFunction.MaxOfMaxes(add(partials, SqlKind.MAX, args, filter)));
                // any value of the groups' partial values; Calcite also wraps select expressions that
                // equal a GROUP BY expression in ANY_VALUE, where every value of a group is the same
                case ANY_VALUE -> merges.add(new MergeFunction.AnyOfAny(add(partials, SqlKind.ANY_VALUE, args, filter)));
                case AVG -> {
                    String sum = add(partials, SqlKind.SUM, args, filter);
                    String count = add(partials, SqlKind.COUNT, args, filter);
                    merges.add(new MergeFunction.SumOverCount(sum, count));
                }
                default -> throw new NotDistributableException("the planner cannot split aggregate " + name);
            }
        }
        return new AggregateSplit(partials, merges);
    }

    /** Adds a partial aggregate, or reuses an equal one (e.g. SUM(x) next to AVG(x)); returns its column. */
    private static String add(List<PartialCall> partials, SqlKind kind, List<Integer> args, int filter) {
        for (PartialCall existing : partials) {
            if (existing.kind() == kind && existing.arguments().equals(args) && existing.filterField() == filter) {
                return existing.column();
            }
        }
        String column = PARTIAL_PREFIX + partials.size();
        partials.add(new PartialCall(kind, args, filter, column));
        return column;
    }
}
