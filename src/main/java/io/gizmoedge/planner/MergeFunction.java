package io.gizmoedge.planner;

import io.gizmoedge.engine.SqlNames;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlKind;

/** How the server combines workers' partial aggregate columns into one final value, as DuckDB SQL. */
sealed interface MergeFunction {
    String toSql();

    /**
     * Helper columns the merge reads besides the partial columns: {@code expression AS name} items
     * computed per group over the partial rows before the final aggregate, with {@code over} (the
     * window clause partitioned by the group columns) after each window aggregate. None by default.
     */
    default List<String> windowColumns(String over) {
        return List.of();
    }

    /** SUM: the sum of the partial sums (NULL when every partial is NULL, as SUM over nothing). */
    record SumOfSums(String partial) implements MergeFunction {
        @Override
        public String toSql() {
            return "sum(" + SqlNames.quote(partial) + ")";
        }
    }

    /** COUNT: the sum of the partial counts, 0 when there are no partial rows. */
    record SumOfCounts(String partial) implements MergeFunction {
        @Override
        public String toSql() {
            return "coalesce(sum(" + SqlNames.quote(partial) + "), 0)";
        }
    }

    /** MIN (and BOOL_AND, EVERY on booleans): the least partial minimum. */
    record MinOfMins(String partial) implements MergeFunction {
        @Override
        public String toSql() {
            return "min(" + SqlNames.quote(partial) + ")";
        }
    }

    /** MAX (and BOOL_OR, SOME on booleans): the greatest partial maximum. */
    record MaxOfMaxes(String partial) implements MergeFunction {
        @Override
        public String toSql() {
            return "max(" + SqlNames.quote(partial) + ")";
        }
    }

    /** ANY_VALUE: any of the partial values (DuckDB's any_value skips NULLs, on workers and here). */
    record AnyOfAny(String partial) implements MergeFunction {
        @Override
        public String toSql() {
            return "any_value(" + SqlNames.quote(partial) + ")";
        }
    }

    /** LITERAL_AGG: its literal (SQL text) for every group; the workers compute nothing for it. */
    record Literal(String sql) implements MergeFunction {
        @Override
        public String toSql() {
            return sql;
        }
    }

    /** AVG: total sum over total count, in floating point as DuckDB's avg (never an average of averages). */
    record SumOverCount(String partialSum, String partialCount) implements MergeFunction {
        @Override
        public String toSql() {
            return "CAST(sum(" + SqlNames.quote(partialSum) + ") AS DOUBLE) / sum(" + SqlNames.quote(partialCount) + ")";
        }
    }

    /**
     * BIT_AND, BIT_OR, BIT_XOR: the same bitwise aggregate over the partial results (each is associative
     * and commutative, skips NULLs, and gives NULL over no values).
     */
    record BitwiseOfPartials(SqlKind kind, String partial) implements MergeFunction {
        public BitwiseOfPartials {
            if (kind != SqlKind.BIT_AND && kind != SqlKind.BIT_OR && kind != SqlKind.BIT_XOR) {
                throw new IllegalArgumentException("not a bitwise aggregate: " + kind);
            }
        }

        @Override
        public String toSql() {
            return kind.name().toLowerCase(Locale.ROOT) + "(" + SqlNames.quote(partial) + ")";
        }
    }

    /**
     * A DISTINCT aggregate evaluated by the server over the distinct values the workers return in
     * their grouping: {@code function(DISTINCT column) FILTER (WHERE filterColumn)}. Duplicates across
     * workers do not matter because the server applies DISTINCT itself.
     *
     * @param function DuckDB's name of the aggregate (count, sum, avg, var_samp, ...)
     * @param filterColumn the worker column holding the call's filter, or null when it has none
     */
    record OverDistinctValues(String function, String column, String filterColumn) implements MergeFunction {
        @Override
        public String toSql() {
            String sql = function + "(DISTINCT " + SqlNames.quote(column) + ")";
            return filterColumn == null ? sql : sql + " FILTER (WHERE " + SqlNames.quote(filterColumn) + ")";
        }
    }

    /**
     * GROUPING(a, ...) of GROUPING SETS, ROLLUP and CUBE: computed by the server's own grouping of the
     * partial rows, whose group columns {@code groupColumns} hold a, ... (no partial value is needed).
     */
    record Grouping(List<String> groupColumns) implements MergeFunction {
        public Grouping {
            groupColumns = List.copyOf(groupColumns);
            if (groupColumns.isEmpty()) {
                throw new IllegalArgumentException("GROUPING needs a column");
            }
        }

        @Override
        public String toSql() {
            return "grouping(" + String.join(", ", groupColumns.stream().map(SqlNames::quote).toList()) + ")";
        }
    }

    /**
     * VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP from per-worker states (count n, mean, population
     * variance v), combined as DuckDB combines its own parallel states (Chan et al.): with N = Σ n and
     * the overall mean M = Σ n·mean / N, the sum of squared deviations is Σ n·v + Σ n·(mean − M)².
     * Every term is non-negative, so there is no cancellation of large sums of squares. VAR_POP is
     * NULL over no values and VAR_SAMP NULL over fewer than two, as DuckDB's.
     */
    record VarianceOfStates(SqlKind kind, String partialCount, String partialMean, String partialVariance)
            implements MergeFunction {
        public VarianceOfStates {
            if (kind != SqlKind.VAR_POP && kind != SqlKind.VAR_SAMP
                    && kind != SqlKind.STDDEV_POP && kind != SqlKind.STDDEV_SAMP) {
                throw new IllegalArgumentException("not a variance aggregate: " + kind);
            }
        }

        @Override
        public List<String> windowColumns(String over) {
            return List.of(WorkerStates.overallMean(partialCount, partialMean, over));
        }

        @Override
        public String toSql() {
            String n = WorkerStates.count(partialCount);
            String deviation = WorkerStates.deviation(partialMean);
            String squares = "(sum(" + n + " * " + SqlNames.quote(partialVariance) + ") + sum("
                    + n + " * " + deviation + " * " + deviation + "))";
            String total = "sum(" + SqlNames.quote(partialCount) + ")";
            boolean sample = kind == SqlKind.VAR_SAMP || kind == SqlKind.STDDEV_SAMP;
            String variance = sample
                    ? "CASE WHEN " + total + " > 1 THEN " + squares + " / CAST(" + total + " - 1 AS DOUBLE) END"
                    : "CASE WHEN " + total + " > 0 THEN " + squares + " / CAST(" + total + " AS DOUBLE) END";
            boolean deviationKind = kind == SqlKind.STDDEV_POP || kind == SqlKind.STDDEV_SAMP;
            return deviationKind ? "sqrt(" + variance + ")" : variance;
        }
    }

    /**
     * COVAR_POP and COVAR_SAMP from per-worker states over the rows where both arguments are not NULL
     * (pair count n, the means of both arguments, the co-moment c: the sum of the products of the
     * deviations), combined as {@link VarianceOfStates} combines variances: with N = Σ n and the
     * overall means A and B, the co-moment of all pairs is Σ c + Σ n·(a − A)·(b − B). COVAR_POP is NULL
     * over no pairs and COVAR_SAMP NULL over fewer than two, as DuckDB's.
     */
    record CovarianceOfStates(SqlKind kind, String partialCount, String partialMeanA, String partialMeanB,
            String partialCoMoment) implements MergeFunction {
        public CovarianceOfStates {
            if (kind != SqlKind.COVAR_POP && kind != SqlKind.COVAR_SAMP) {
                throw new IllegalArgumentException("not a covariance: " + kind);
            }
        }

        @Override
        public List<String> windowColumns(String over) {
            return WorkerStates.overallMeans(partialCount, partialMeanA, partialMeanB, over);
        }

        @Override
        public String toSql() {
            String coMoment = WorkerStates.combined(partialCount, partialCoMoment, partialMeanA, partialMeanB);
            String total = "sum(" + SqlNames.quote(partialCount) + ")";
            return kind == SqlKind.COVAR_SAMP
                    ? "CASE WHEN " + total + " > 1 THEN " + coMoment + " / CAST(" + total + " - 1 AS DOUBLE) END"
                    : "CASE WHEN " + total + " > 0 THEN " + coMoment + " / CAST(" + total + " AS DOUBLE) END";
        }
    }

    /**
     * DuckDB's CORR from per-worker states over the rows where both arguments are not NULL (pair count,
     * means, co-moment and the sums of squared deviations of both arguments), each sum combined as in
     * {@link CovarianceOfStates}: the co-moment over the root of the product of the squared deviations.
     * NULL over no pairs, NaN when an argument does not vary (0 / 0), as DuckDB's.
     */
    record CorrelationOfStates(String partialCount, String partialMeanA, String partialMeanB, String partialCoMoment,
            String partialSquaresA, String partialSquaresB) implements MergeFunction {
        @Override
        public List<String> windowColumns(String over) {
            return WorkerStates.overallMeans(partialCount, partialMeanA, partialMeanB, over);
        }

        @Override
        public String toSql() {
            String coMoment = WorkerStates.combined(partialCount, partialCoMoment, partialMeanA, partialMeanB);
            String squaresA = WorkerStates.combined(partialCount, partialSquaresA, partialMeanA, partialMeanA);
            String squaresB = WorkerStates.combined(partialCount, partialSquaresB, partialMeanB, partialMeanB);
            return "CASE WHEN sum(" + SqlNames.quote(partialCount) + ") > 0 THEN " + coMoment + " / sqrt(" + squaresA
                    + " * " + squaresB + ") END";
        }
    }

    /**
     * The SQL that combines per-worker states of a group (a count n and a mean per argument): the
     * group's overall mean as a helper column, and sums of deviation products over all the group's rows.
     */
    final class WorkerStates {
        private WorkerStates() {
        }

        /** The helper columns with the overall means of two arguments. */
        static List<String> overallMeans(String partialCount, String partialMeanA, String partialMeanB, String over) {
            return List.of(overallMean(partialCount, partialMeanA, over), overallMean(partialCount, partialMeanB, over));
        }

        /** The helper column {@code m_<partialMean>}: Σ n·mean / Σ n over the group, NULL when Σ n is 0. */
        static String overallMean(String partialCount, String partialMean, String over) {
            return "sum(" + count(partialCount) + " * " + SqlNames.quote(partialMean) + ") " + over
                    + " / CAST(nullif(sum(" + SqlNames.quote(partialCount) + ") " + over + ", 0) AS DOUBLE) AS "
                    + SqlNames.quote(overallMeanColumn(partialMean));
        }

        /** Σ s + Σ n·(a − A)·(b − B): the sum of deviation products of all pairs from the workers' sums {@code s}. */
        static String combined(String partialCount, String partialSum, String partialMeanA, String partialMeanB) {
            return "(sum(" + SqlNames.quote(partialSum) + ") + sum(" + count(partialCount) + " * "
                    + deviation(partialMeanA) + " * " + deviation(partialMeanB) + "))";
        }

        /** A worker's count as a DOUBLE. */
        static String count(String partialCount) {
            return "CAST(" + SqlNames.quote(partialCount) + " AS DOUBLE)";
        }

        /** A worker's mean less the group's overall mean. */
        static String deviation(String partialMean) {
            return "(" + SqlNames.quote(partialMean) + " - " + SqlNames.quote(overallMeanColumn(partialMean)) + ")";
        }

        private static String overallMeanColumn(String partialMean) {
            return "m_" + partialMean;
        }
    }
}
