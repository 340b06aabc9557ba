package io.gizmoedge.planner;

/** How the server combines workers' partial aggregate columns into one final value, as DuckDB SQL. */
sealed interface MergeFunction {
    String toSql();

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

    /** MIN: the least partial minimum. */
    record MinOfMins(String partial) implements MergeFunction {
        @Override
        public String toSql() {
            return "min(" + SqlNames.quote(partial) + ")";
        }
    }

    /** MAX: the greatest partial maximum. */
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

    /** AVG: total sum over total count, in floating point as DuckDB's avg (never an average of averages). */
    record SumOverCount(String partialSum, String partialCount) implements MergeFunction {
        @Override
        public String toSql() {
            return "CAST(sum(" + SqlNames.quote(partialSum) + ") AS DOUBLE) / sum(" + SqlNames.quote(partialCount) + ")";
        }
    }
}
