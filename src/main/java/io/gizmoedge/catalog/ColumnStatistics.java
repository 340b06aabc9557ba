package io.gizmoedge.catalog;

import java.util.Objects;

/**
 * What a load measured of a column's values, for the planner's estimates: the approximate number of
 * distinct non-NULL values (DuckDB's {@code approx_count_distinct}), the number of NULLs, and the
 * smallest and largest value as DuckDB writes them as text ({@code null} when every value is NULL, and
 * for types whose values are not measured by order: text, blobs, nested types).
 */
public record ColumnStatistics(long distinctValues, long nullValues, String min, String max) {
    public ColumnStatistics {
        if (distinctValues < 0 || nullValues < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if ((min == null) != (max == null)) {
            throw new IllegalArgumentException("min and max are both known or both unknown");
        }
    }

    /** The statistics of a column with no values, or only NULLs. */
    public static ColumnStatistics empty(long nullValues) {
        return new ColumnStatistics(0, nullValues, null, null);
    }

    @Override
    public String toString() {
        return "~" + distinctValues + " distinct, " + nullValues + " NULL" + (min == null ? "" : ", " + min + " to "
                + Objects.requireNonNull(max));
    }
}
