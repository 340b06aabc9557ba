package io.gizmoedge.planner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;

/**
 * How the final step combines workers' partial aggregate columns into one value of an original
 * aggregate call, built with the {@link RelBuilder} of {@link FinalAggregate} over the partial rows:
 * the aggregate calls it needs ({@link #calls}), then the value computed from their results
 * ({@link #value}). Partial columns are named by {@link StageColumn}.
 */
sealed interface MergeFunction {
    /** The final step's aggregate calls over the partial rows (and the {@link #helperColumns}). */
    List<RelBuilder.AggCall> calls(RelBuilder builder);

    /** The merged value from the results of {@link #calls}, in their order. */
    RexNode value(RelBuilder builder, List<RexNode> calls);

    /**
     * Columns the calls read besides the partial columns, by name: expressions computed for every
     * partial row over all the partial rows of its group ({@code groups}), before the final aggregate.
     */
    default Map<String, RexNode> helperColumns(RelBuilder builder, List<RexNode> groups) {
        return Map.of();
    }

    /** True when the merge reads {@link #helperColumns} (per group, so not under GROUPING SETS). */
    default boolean readsHelperColumns() {
        return false;
    }

    /** SUM: the sum of the partial sums (NULL when every partial is NULL, as SUM over nothing). */
    record SumOfSums(String partial) implements MergeFunction {
        @Override
        public List<RelBuilder.AggCall> calls(RelBuilder builder) {
            return List.of(builder.sum(builder.field(partial)));
        }

        @Override
        public RexNode value(RelBuilder builder, List<RexNode> calls) {
            return calls.get(0);
        }
    }

    /** COUNT: the sum of the partial counts, 0 when there are no partial rows. */
    record SumOfCounts(String partial) implements MergeFunction {
        @Override
        public List<RelBuilder.AggCall> calls(RelBuilder builder) {
            return List.of(builder.sum(builder.field(partial)));
        }

        @Override
        public RexNode value(RelBuilder builder, List<RexNode> calls) {
            return builder.call(SqlStdOperatorTable.COALESCE, calls.get(0), builder.literal(0));
        }
    }

    /**
     * The same aggregate over the partial results, for aggregates that combine any partition of a
     * group's values this way: MIN, MAX (and BOOL_AND, BOOL_OR, EVERY, SOME, which Calcite types as
     * MIN and MAX over booleans; DuckDB accepts min and max of booleans), ANY_VALUE (DuckDB's skips
     * NULLs, on the workers and here), and BIT_AND, BIT_OR, BIT_XOR (associative and commutative,
     * NULL over no values).
     */
    record SameOverPartials(SqlAggFunction function, String partial) implements MergeFunction {
        public SameOverPartials {
            if (!List.of(SqlKind.MIN, SqlKind.MAX, SqlKind.ANY_VALUE, SqlKind.BIT_AND, SqlKind.BIT_OR, SqlKind.BIT_XOR)
                    .contains(function.getKind())) {
                throw new IllegalArgumentException("not an aggregate of partial results: " + function);
            }
        }

        @Override
        public List<RelBuilder.AggCall> calls(RelBuilder builder) {
            return List.of(builder.aggregateCall(function, builder.field(partial)));
        }

        @Override
        public RexNode value(RelBuilder builder, List<RexNode> calls) {
            return calls.get(0);
        }
    }

    /** LITERAL_AGG: its boolean literal for every group; the workers compute nothing for it. */
    record Literal(boolean literal) implements MergeFunction {
        @Override
        public List<RelBuilder.AggCall> calls(RelBuilder builder) {
            return List.of();
        }

        @Override
        public RexNode value(RelBuilder builder, List<RexNode> calls) {
            return builder.literal(literal);
        }
    }

    /** AVG: total sum over total count, in floating point as DuckDB's avg (never an average of averages). */
    record SumOverCount(String partialSum, String partialCount) implements MergeFunction {
        @Override
        public List<RelBuilder.AggCall> calls(RelBuilder builder) {
            return List.of(builder.sum(builder.field(partialSum)), builder.sum(builder.field(partialCount)));
        }

        @Override
        public RexNode value(RelBuilder builder, List<RexNode> calls) {
            return builder.call(SqlStdOperatorTable.DIVIDE, builder.cast(calls.get(0), SqlTypeName.DOUBLE), calls.get(1));
        }
    }

    /**
     * A DISTINCT aggregate evaluated over the distinct values the workers return in their grouping:
     * {@code function(DISTINCT column) FILTER (WHERE filterColumn)}. Duplicates across workers do not
     * matter because the final step applies DISTINCT itself.
     *
     * @param filterColumn the worker column holding the call's filter, or null when it has none
     */
    record OverDistinctValues(SqlAggFunction function, String column, String filterColumn) implements MergeFunction {
        @Override
        public List<RelBuilder.AggCall> calls(RelBuilder builder) {
            RelBuilder.AggCall call = builder.aggregateCall(function, builder.field(column)).distinct();
            return List.of(filterColumn == null ? call : call.filter(builder.field(filterColumn)));
        }

        @Override
        public RexNode value(RelBuilder builder, List<RexNode> calls) {
            return calls.get(0);
        }
    }

    /**
     * GROUPING(a, ...) of GROUPING SETS, ROLLUP and CUBE: computed by the final step's own grouping of
     * the partial rows, whose group columns {@code groupColumns} hold a, ... (no partial value is needed).
     */
    record Grouping(List<String> groupColumns) implements MergeFunction {
        public Grouping {
            groupColumns = List.copyOf(groupColumns);
            if (groupColumns.isEmpty()) {
                throw new IllegalArgumentException("GROUPING needs a column");
            }
        }

        @Override
        public List<RelBuilder.AggCall> calls(RelBuilder builder) {
            return List.of(builder.aggregateCall(SqlStdOperatorTable.GROUPING,
                    groupColumns.stream().map(builder::field).toList()));
        }

        @Override
        public RexNode value(RelBuilder builder, List<RexNode> calls) {
            return calls.get(0);
        }
    }

    /**
     * VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP from per-worker states (count n, mean, population
     * variance v, and the least and greatest value), combined as DuckDB combines its own parallel
     * states (Chan et al.): with N = Σ n and the overall mean M = Σ n·mean / N, the sum of squared
     * deviations is Σ n·v + Σ n·(mean − M)². Every term is non-negative, so there is no cancellation
     * of large sums of squares. When every value is the same the second sum is 0: a worker's mean, a
     * sum over a count, can differ from another's in the last bit where DuckDB's running mean does not.
     * VAR_POP is NULL over no values and VAR_SAMP NULL over fewer than two, as DuckDB's.
     */
    record VarianceOfStates(SqlKind kind, String partialCount, String partialMean, String partialVariance,
            String partialMinimum, String partialMaximum) implements MergeFunction {
        public VarianceOfStates {
            if (kind != SqlKind.VAR_POP && kind != SqlKind.VAR_SAMP
                    && kind != SqlKind.STDDEV_POP && kind != SqlKind.STDDEV_SAMP) {
                throw new IllegalArgumentException("not a variance aggregate: " + kind);
            }
        }

        @Override
        public Map<String, RexNode> helperColumns(RelBuilder builder, List<RexNode> groups) {
            return WorkerStates.overallMeans(builder, groups, partialCount, partialMean);
        }

        @Override
        public boolean readsHelperColumns() {
            return true;
        }

        @Override
        public List<RelBuilder.AggCall> calls(RelBuilder builder) {
            RexNode n = WorkerStates.count(builder, partialCount);
            return List.of(
                    builder.sum(builder.call(SqlStdOperatorTable.MULTIPLY, n, builder.field(partialVariance))),
                    WorkerStates.deviationProducts(builder, partialCount, partialMean, partialMean),
                    builder.sum(builder.field(partialCount)),
                    builder.min(builder.field(partialMinimum)),
                    builder.max(builder.field(partialMaximum)));
        }

        @Override
        public RexNode value(RelBuilder builder, List<RexNode> calls) {
            RexNode squares = WorkerStates.combined(builder, calls.get(0), calls.get(1),
                    builder.equals(calls.get(3), calls.get(4)));
            boolean sample = kind == SqlKind.VAR_SAMP || kind == SqlKind.STDDEV_SAMP;
            RexNode variance = WorkerStates.perPair(builder, squares, calls.get(2), sample);
            boolean deviationKind = kind == SqlKind.STDDEV_POP || kind == SqlKind.STDDEV_SAMP;
            return deviationKind ? builder.call(SqlStdOperatorTable.SQRT, variance) : variance;
        }
    }

    /**
     * The partial columns of the per-worker states of an aggregate {@code f(y, x)} over pairs: over the
     * rows where neither y nor x is NULL, DuckDB's {@code regr_count} (n), {@code regr_avgy} and
     * {@code regr_avgx} (the means), {@code regr_sxy} (the co-moment: the sum of the products of the
     * deviations), {@code regr_syy} and {@code regr_sxx} (the sums of squared deviations), and the least
     * and greatest y and x.
     */
    record PairStates(String count, String meanY, String meanX, String coMoment, String squaresY, String squaresX,
            String minimumY, String maximumY, String minimumX, String maximumX) {
    }

    /**
     * A statistic of pairs (y, x) from the workers' {@link PairStates}, combined as {@link VarianceOfStates}
     * combines variances: with N = Σ n and the overall means Y and X, the co-moment of all pairs is
     * Sxy = Σ c + Σ n·(y − Y)·(x − X), and Syy and Sxx likewise (the deviation sums are 0 when y or x
     * does not vary). Each statistic is then DuckDB's over N pairs, NULL over none: covariances Sxy / N
     * and Sxy / (N − 1) (NULL below two pairs), corr Sxy / √(Sxx·Syy) (NaN when y or x does not vary),
     * regr_slope Sxy / Sxx (NaN when x does not vary), regr_intercept Y − slope·X (NULL when the slope is
     * NaN), regr_r2 NULL when x does not vary, 1 when y does not, else corr², and regr_avgy, regr_avgx,
     * regr_sxy, regr_syy, regr_sxx.
     */
    record PairStatistic(Statistic statistic, PairStates states) implements MergeFunction {
        /** The statistics of pairs the planner splits. */
        enum Statistic { COVAR_POP, COVAR_SAMP, CORR, REGR_AVGY, REGR_AVGX, REGR_SXY, REGR_SYY, REGR_SXX, REGR_SLOPE,
            REGR_INTERCEPT, REGR_R2 }

        public PairStatistic {
            java.util.Objects.requireNonNull(statistic, "statistic");
            java.util.Objects.requireNonNull(states, "states");
        }

        @Override
        public Map<String, RexNode> helperColumns(RelBuilder builder, List<RexNode> groups) {
            return WorkerStates.overallMeans(builder, groups, states.count(), states.meanY(), states.meanX());
        }

        @Override
        public boolean readsHelperColumns() {
            return true;
        }

        @Override
        public List<RelBuilder.AggCall> calls(RelBuilder builder) {
            String n = states.count();
            return List.of(
                    builder.sum(builder.field(n)),
                    WorkerStates.weightedSum(builder, n, states.meanY()),
                    WorkerStates.weightedSum(builder, n, states.meanX()),
                    builder.sum(builder.field(states.coMoment())),
                    WorkerStates.deviationProducts(builder, n, states.meanY(), states.meanX()),
                    builder.sum(builder.field(states.squaresY())),
                    WorkerStates.deviationProducts(builder, n, states.meanY(), states.meanY()),
                    builder.sum(builder.field(states.squaresX())),
                    WorkerStates.deviationProducts(builder, n, states.meanX(), states.meanX()),
                    builder.min(builder.field(states.minimumY())),
                    builder.max(builder.field(states.maximumY())),
                    builder.min(builder.field(states.minimumX())),
                    builder.max(builder.field(states.maximumX())));
        }

        @Override
        public RexNode value(RelBuilder builder, List<RexNode> calls) {
            RexNode total = calls.get(0);
            RexNode constantY = builder.equals(calls.get(9), calls.get(10));
            RexNode constantX = builder.equals(calls.get(11), calls.get(12));
            RexNode sxy = WorkerStates.combined(builder, calls.get(3), calls.get(4), builder.or(constantY, constantX));
            RexNode syy = WorkerStates.combined(builder, calls.get(5), calls.get(6), constantY);
            RexNode sxx = WorkerStates.combined(builder, calls.get(7), calls.get(8), constantX);
            RexNode meanY = WorkerStates.perPair(builder, calls.get(1), total, false);
            RexNode meanX = WorkerStates.perPair(builder, calls.get(2), total, false);
            RexNode slope = divide(builder, sxy, sxx);
            RexNode correlation = divide(builder, sxy, builder.call(SqlStdOperatorTable.SQRT,
                    builder.call(SqlStdOperatorTable.MULTIPLY, syy, sxx)));
            RexNode anyPair = builder.greaterThan(total, builder.literal(0));
            return switch (statistic) {
                case COVAR_POP -> WorkerStates.perPair(builder, sxy, total, false);
                case COVAR_SAMP -> WorkerStates.perPair(builder, sxy, total, true);
                case CORR -> WorkerStates.when(builder, anyPair, correlation);
                case REGR_AVGY -> meanY;
                case REGR_AVGX -> meanX;
                case REGR_SXY -> WorkerStates.when(builder, anyPair, sxy);
                case REGR_SYY -> WorkerStates.when(builder, anyPair, syy);
                case REGR_SXX -> WorkerStates.when(builder, anyPair, sxx);
                case REGR_SLOPE -> WorkerStates.when(builder, anyPair, slope);
                case REGR_INTERCEPT -> WorkerStates.when(builder, builder.and(anyPair,
                                builder.not(builder.call(DuckDbFunctions.ISNAN, slope))),
                        builder.call(SqlStdOperatorTable.MINUS, meanY, builder.call(SqlStdOperatorTable.MULTIPLY, slope, meanX)));
                case REGR_R2 -> WorkerStates.when(builder, builder.and(anyPair, builder.notEquals(sxx, builder.literal(0))),
                        builder.call(SqlStdOperatorTable.CASE, builder.equals(syy, builder.literal(0)),
                                builder.cast(builder.literal(1), SqlTypeName.DOUBLE),
                                builder.call(SqlStdOperatorTable.MULTIPLY, correlation, correlation)));
            };
        }

        private static RexNode divide(RelBuilder builder, RexNode dividend, RexNode divisor) {
            return builder.call(SqlStdOperatorTable.DIVIDE, dividend, divisor);
        }
    }

    /**
     * The expressions that combine per-worker states of a group (a count n and a mean per argument):
     * the group's overall mean as a helper column, and sums of deviation products over all the group's
     * partial rows.
     */
    final class WorkerStates {
        private WorkerStates() {
        }

        /**
         * The helper columns {@code m_<partialMean>} of the means: Σ n·mean / Σ n over the group, NULL
         * when Σ n is 0.
         */
        static Map<String, RexNode> overallMeans(RelBuilder builder, List<RexNode> groups, String partialCount,
                String... partialMeans) {
            Map<String, RexNode> columns = new LinkedHashMap<>();
            for (String partialMean : partialMeans) {
                RexNode weighted = builder.sum(builder.call(SqlStdOperatorTable.MULTIPLY, count(builder, partialCount),
                        builder.field(partialMean))).over().partitionBy(groups).toRex();
                RexNode total = builder.sum(builder.field(partialCount)).over().partitionBy(groups).toRex();
                columns.put(overallMeanColumn(partialMean), builder.call(SqlStdOperatorTable.DIVIDE, weighted,
                        builder.cast(builder.call(SqlStdOperatorTable.NULLIF, total, builder.literal(0)), SqlTypeName.DOUBLE)));
            }
            return columns;
        }

        /** Σ n·(a − A)·(b − B) over the group's partial rows. */
        static RelBuilder.AggCall deviationProducts(RelBuilder builder, String partialCount, String partialMeanA,
                String partialMeanB) {
            RexNode weighted = builder.call(SqlStdOperatorTable.MULTIPLY, count(builder, partialCount),
                    deviation(builder, partialMeanA));
            return builder.sum(builder.call(SqlStdOperatorTable.MULTIPLY, weighted, deviation(builder, partialMeanB)));
        }

        /** Σ n·mean over the group's partial rows. */
        static RelBuilder.AggCall weightedSum(RelBuilder builder, String partialCount, String partialMean) {
            return builder.sum(builder.call(SqlStdOperatorTable.MULTIPLY, count(builder, partialCount),
                    builder.field(partialMean)));
        }

        /**
         * The sum of the workers' sums of deviation products and of the {@link #deviationProducts}: the
         * latter is 0 when {@code constant} (every value of an argument the same).
         */
        static RexNode combined(RelBuilder builder, RexNode workerSum, RexNode deviationProducts, RexNode constant) {
            RexNode deviations = builder.call(SqlStdOperatorTable.CASE, constant,
                    builder.cast(builder.literal(0), SqlTypeName.DOUBLE), deviationProducts);
            return builder.call(SqlStdOperatorTable.PLUS, workerSum, deviations);
        }

        /**
         * A sum over the pairs per pair: divided by N − 1 when {@code sample} and N &gt; 1, by N when
         * not and N &gt; 0, NULL otherwise.
         */
        static RexNode perPair(RelBuilder builder, RexNode sum, RexNode total, boolean sample) {
            RexNode pairs = sample ? builder.call(SqlStdOperatorTable.MINUS, total, builder.literal(1)) : total;
            return when(builder, builder.greaterThan(total, builder.literal(sample ? 1 : 0)),
                    builder.call(SqlStdOperatorTable.DIVIDE, sum, builder.cast(pairs, SqlTypeName.DOUBLE)));
        }

        /** CASE WHEN condition THEN value END. */
        static RexNode when(RelBuilder builder, RexNode condition, RexNode value) {
            RexBuilder rexBuilder = builder.getRexBuilder();
            return builder.call(SqlStdOperatorTable.CASE, condition, value, rexBuilder.makeNullLiteral(value.getType()));
        }

        /** A worker's count as a DOUBLE. */
        static RexNode count(RelBuilder builder, String partialCount) {
            return builder.cast(builder.field(partialCount), SqlTypeName.DOUBLE);
        }

        /** A worker's mean less the group's overall mean. */
        private static RexNode deviation(RelBuilder builder, String partialMean) {
            return builder.call(SqlStdOperatorTable.MINUS, builder.field(partialMean),
                    builder.field(overallMeanColumn(partialMean)));
        }

        private static String overallMeanColumn(String partialMean) {
            return "m_" + partialMean;
        }
    }
}
