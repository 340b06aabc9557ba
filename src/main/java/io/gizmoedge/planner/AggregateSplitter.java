package io.gizmoedge.planner;

import io.gizmoedge.planner.AggregateSplit.PartialCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.gizmoedge.planner.MergeFunction.PairStatistic.Statistic;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Splits an aggregate into partial aggregates on workers and a final merge on the server:
 * SUM → sum of sums, COUNT → sum of counts, MIN/MAX (and BOOL_AND/BOOL_OR, EVERY/SOME) → min/max,
 * ANY_VALUE → any_value, LITERAL_AGG → its literal, AVG → sum / count, BIT_AND/BIT_OR/BIT_XOR → the
 * same over the partials, VAR_POP/VAR_SAMP/STDDEV_POP/STDDEV_SAMP → per-worker count, mean and
 * variance combined as DuckDB combines its parallel states, COVAR_POP/COVAR_SAMP, REGR_SXX/REGR_SYY and
 * DuckDB's corr and regr functions → per-worker count, means, co-moment, sums of squared deviations
 * and ranges of the pairs, combined alike, COUNT/SUM/AVG/variance(DISTINCT x) → x added to
 * the workers' grouping and the DISTINCT aggregate evaluated at the server. Everything else is
 * refused with a reason.
 *
 * <p>Adding DISTINCT arguments to the workers' grouping makes the partial groups finer; the other
 * aggregates of the query stay correct because every merge above combines any partition of a
 * group's rows into partial groups.
 */
final class AggregateSplitter {

    /** Aggregates the server can evaluate with DISTINCT over the values the workers return, by DuckDB name. */
    private static final Set<SqlKind> DISTINCT_AT_SERVER = Set.of(SqlKind.COUNT, SqlKind.SUM, SqlKind.AVG,
            SqlKind.VAR_POP, SqlKind.VAR_SAMP, SqlKind.STDDEV_POP, SqlKind.STDDEV_SAMP);
    /** DuckDB's statistics of pairs (y, x), split from per-worker states as Calcite's covariances are. */
    private static final Map<SqlAggFunction, Statistic> DUCKDB_PAIR_STATISTICS = Map.ofEntries(
            Map.entry(DuckDbFunctions.CORR, Statistic.CORR),
            Map.entry(DuckDbFunctions.REGR_AVGY, Statistic.REGR_AVGY),
            Map.entry(DuckDbFunctions.REGR_AVGX, Statistic.REGR_AVGX),
            Map.entry(DuckDbFunctions.REGR_SXY, Statistic.REGR_SXY),
            Map.entry(DuckDbFunctions.REGR_SLOPE, Statistic.REGR_SLOPE),
            Map.entry(DuckDbFunctions.REGR_INTERCEPT, Statistic.REGR_INTERCEPT),
            Map.entry(DuckDbFunctions.REGR_R2, Statistic.REGR_R2));
    /** Aggregates whose value does not change when duplicate inputs are removed. */
    private static final Set<SqlKind> DUPLICATE_INSENSITIVE = Set.of(
            SqlKind.MIN, SqlKind.MAX, SqlKind.BIT_AND, SqlKind.BIT_OR, SqlKind.ANY_VALUE);

    AggregateSplit split(Aggregate aggregate) throws NotDistributableException {
        ImmutableBitSet groupSet = aggregate.getGroupSet();
        List<Integer> distinctFields = distinctFields(aggregate);
        List<PartialCall> partials = new ArrayList<>();
        List<MergeFunction> merges = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (isDistinctAtServer(call)) {
                merges.add(overDistinctValues(call, groupSet, distinctFields));
            } else if (call.getAggregation().getKind() == SqlKind.GROUPING) {
                merges.add(new MergeFunction.Grouping(call.getArgList().stream()
                        .map(field -> StageColumn.GROUP.name(groupSet.indexOf(field))).toList()));
            } else {
                merges.add(splitCall(call, partials));
            }
        }
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE
                && merges.stream().anyMatch(MergeFunction::readsHelperColumns)) {
            // their helper columns are per group, and a row of the partials is in a group of every grouping set
            throw new NotDistributableException("the planner cannot split variances and standard deviations"
                    + " under GROUPING SETS, ROLLUP or CUBE");
        }
        return new AggregateSplit(distinctFields, partials, merges);
    }

    /** The input fields DISTINCT aggregates need in the workers' grouping, besides the group set. */
    private static List<Integer> distinctFields(Aggregate aggregate) throws NotDistributableException {
        Set<Integer> fields = new TreeSet<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            checkSplittable(call);
            if (isDistinctAtServer(call)) {
                fields.addAll(call.getArgList());
                if (call.filterArg >= 0) {
                    fields.add(call.filterArg);
                }
            }
        }
        fields.removeAll(aggregate.getGroupSet().asList());
        return List.copyOf(fields);
    }

    private static boolean isDistinctAtServer(AggregateCall call) {
        return call.isDistinct() && !DUPLICATE_INSENSITIVE.contains(call.getAggregation().getKind());
    }

    private static void checkSplittable(AggregateCall call) throws NotDistributableException {
        String name = name(call);
        if (call.isApproximate()) {
            // Calcite turns APPROX_COUNT_DISTINCT(x) into an approximate COUNT(DISTINCT x)
            String approximate = call.getAggregation().getKind() == SqlKind.COUNT ? "APPROX_COUNT_DISTINCT" : name;
            throw new NotDistributableException("the planner cannot split aggregate " + approximate);
        }
        if (!call.collation.getFieldCollations().isEmpty()) {
            throw new NotDistributableException("the planner cannot split the ordered aggregate " + name);
        }
        if (call.distinctKeys != null) {
            throw new NotDistributableException("the planner cannot split " + name + "(...) WITHIN DISTINCT");
        }
        if (isDistinctAtServer(call)) {
            if (!DISTINCT_AT_SERVER.contains(call.getAggregation().getKind())) {
                throw new NotDistributableException("the planner cannot split " + name
                        + "(DISTINCT ...) without GROUP BY");
            }
            if (call.getArgList().size() != 1) {
                throw new NotDistributableException("the planner cannot split " + name
                        + "(DISTINCT ...) over " + call.getArgList().size() + " arguments");
            }
        }
    }

    private static MergeFunction overDistinctValues(AggregateCall call, ImmutableBitSet groupSet, List<Integer> distinctFields) {
        SqlAggFunction function = call.getAggregation();
        String column = keyColumn(call.getArgList().get(0), groupSet, distinctFields);
        String filter = call.filterArg < 0 ? null : keyColumn(call.filterArg, groupSet, distinctFields);
        return new MergeFunction.OverDistinctValues(function, column, filter);
    }

    /** The worker column that holds input field {@code field} of the workers' grouping. */
    private static String keyColumn(int field, ImmutableBitSet groupSet, List<Integer> distinctFields) {
        if (groupSet.get(field)) {
            return StageColumn.GROUP.name(groupSet.indexOf(field));
        }
        return StageColumn.DISTINCT.name(distinctFields.indexOf(field));
    }

    private static MergeFunction splitCall(AggregateCall call, List<PartialCall> partials) throws NotDistributableException {
        List<Integer> args = call.getArgList();
        int filter = call.filterArg;
        SqlKind kind = call.getAggregation().getKind();
        return switch (kind) {
            case SUM -> new MergeFunction.SumOfSums(add(partials, SqlStdOperatorTable.SUM, args, filter));
            case SUM0 -> new MergeFunction.SumOfCounts(add(partials, SqlStdOperatorTable.SUM, args, filter));
            // COUNT, and Calcite's REGR_COUNT(y, x), a count of kind COUNT of the rows where neither is NULL
            case COUNT -> new MergeFunction.SumOfCounts(add(partials, call.getAggregation(), args, filter));
            // MIN and MAX also stand for EVERY/SOME and BOOL_AND/BOOL_OR, which Calcite types as MIN/MAX
            // over booleans; the workers and the server write them as min/max, which DuckDB accepts
            case MIN -> sameOverPartials(partials, SqlStdOperatorTable.MIN, args, filter);
            case MAX -> sameOverPartials(partials, SqlStdOperatorTable.MAX, args, filter);
            // any value of the groups' partial values; Calcite also wraps select expressions that
            // equal a GROUP BY expression in ANY_VALUE, where every value of a group is the same
            case ANY_VALUE -> sameOverPartials(partials, SqlStdOperatorTable.ANY_VALUE, args, filter);
            case AVG -> new MergeFunction.SumOverCount(add(partials, SqlStdOperatorTable.SUM, args, filter),
                    add(partials, SqlStdOperatorTable.COUNT, args, filter));
            case BIT_AND -> sameOverPartials(partials, SqlStdOperatorTable.BIT_AND, args, filter);
            case BIT_OR -> sameOverPartials(partials, SqlStdOperatorTable.BIT_OR, args, filter);
            case BIT_XOR -> sameOverPartials(partials, SqlStdOperatorTable.BIT_XOR, args, filter);
            case VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP -> new MergeFunction.VarianceOfStates(kind,
                    add(partials, SqlStdOperatorTable.COUNT, args, filter),
                    add(partials, SqlStdOperatorTable.AVG, args, filter),
                    add(partials, SqlStdOperatorTable.VAR_POP, args, filter),
                    add(partials, SqlStdOperatorTable.MIN, args, filter),
                    add(partials, SqlStdOperatorTable.MAX, args, filter));
            case LITERAL_AGG -> literal(call);
            default -> {
                Statistic statistic = switch (kind) {
                    case COVAR_POP -> Statistic.COVAR_POP;
                    case COVAR_SAMP -> Statistic.COVAR_SAMP;
                    case REGR_SXX -> Statistic.REGR_SXX;
                    case REGR_SYY -> Statistic.REGR_SYY;
                    default -> DUCKDB_PAIR_STATISTICS.get(call.getAggregation());
                };
                if (statistic == null) {
                    throw new NotDistributableException("the planner cannot split aggregate " + name(call));
                }
                yield new MergeFunction.PairStatistic(statistic, pairStates(partials, args, filter));
            }
        };
    }

    /**
     * Calcite's LITERAL_AGG, which gives its literal for every group (it marks the groups of a
     * decorrelated sub-query, as in {@code x NOT IN (SELECT ...)}): the same literal in the final step,
     * nothing on the workers. Calcite makes it of TRUE; others are not split.
     */
    private static MergeFunction literal(AggregateCall call) throws NotDistributableException {
        if (call.rexList.size() == 1 && call.rexList.get(0) instanceof RexLiteral literal
                && literal.getType().getSqlTypeName() == SqlTypeName.BOOLEAN && literal.getValue() instanceof Boolean value) {
            return new MergeFunction.Literal(value);
        }
        throw new NotDistributableException("the planner cannot split aggregate " + name(call));
    }

    private static String name(AggregateCall call) {
        return call.getAggregation().getName().toUpperCase(Locale.ROOT);
    }

    /** The same aggregate on the workers and over their partial results. */
    private static MergeFunction sameOverPartials(List<PartialCall> partials, SqlAggFunction function, List<Integer> args,
            int filter) {
        return new MergeFunction.SameOverPartials(function, add(partials, function, args, filter));
    }

    /** The partial columns of the per-worker states of {@code f(y, x)} over pairs, {@code args} being [y, x]. */
    private static MergeFunction.PairStates pairStates(List<PartialCall> partials, List<Integer> args, int filter) {
        List<Integer> y = args.subList(0, 1);
        List<Integer> x = args.subList(1, 2);
        return new MergeFunction.PairStates(
                add(partials, DuckDbFunctions.REGR_COUNT, args, filter),
                add(partials, DuckDbFunctions.REGR_AVGY, args, filter),
                add(partials, DuckDbFunctions.REGR_AVGX, args, filter),
                add(partials, DuckDbFunctions.REGR_SXY, args, filter),
                add(partials, DuckDbFunctions.REGR_SYY, args, filter),
                add(partials, DuckDbFunctions.REGR_SXX, args, filter),
                add(partials, SqlStdOperatorTable.MIN, y, filter, x),
                add(partials, SqlStdOperatorTable.MAX, y, filter, x),
                add(partials, SqlStdOperatorTable.MIN, x, filter, y),
                add(partials, SqlStdOperatorTable.MAX, x, filter, y));
    }

    /** Adds a partial aggregate, or reuses an equal one (e.g. SUM(x) next to AVG(x)); returns its column. */
    private static String add(List<PartialCall> partials, SqlAggFunction function, List<Integer> args, int filter) {
        return add(partials, function, args, filter, List.of());
    }

    /** As {@link #add(List, SqlAggFunction, List, int)}, over the rows where none of {@code nonNullFields} is NULL. */
    private static String add(List<PartialCall> partials, SqlAggFunction function, List<Integer> args, int filter,
            List<Integer> nonNullFields) {
        for (PartialCall existing : partials) {
            if (existing.function() == function && existing.arguments().equals(args) && existing.filterField() == filter
                    && existing.nonNullFields().equals(nonNullFields)) {
                return existing.column();
            }
        }
        String column = StageColumn.PARTIAL.name(partials.size());
        partials.add(new PartialCall(function, args, filter, nonNullFields, column));
        return column;
    }
}
