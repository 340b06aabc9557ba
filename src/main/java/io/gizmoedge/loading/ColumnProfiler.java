package io.gizmoedge.loading;

import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.ColumnStatistics;
import io.gizmoedge.engine.SqlNames;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the {@link ColumnStatistics} of the rows a load brings, in one scan of the staged table,
 * and folds them into the statistics of the rows the table had: NULLs add up, the smallest and
 * largest values are compared as the column's type, and distinct counts add up when the two value
 * ranges do not overlap (keys that grow with each load) and otherwise the larger one counts (loads
 * that repeat the same values). The planner uses them for estimates, so a measurement that fails
 * leaves the columns unmeasured rather than failing the load.
 */
public final class ColumnProfiler {
    private static final Logger LOG = LoggerFactory.getLogger(ColumnProfiler.class);
    /** Types whose smallest and largest values are kept: short and ordered as users expect. */
    private static final Set<String> ORDERED_TYPES = Set.of("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT",
            "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DATE", "TIME",
            "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS");

    /**
     * The columns of {@code table} (staged, on {@code connection}) with the statistics of its rows
     * folded into each column's earlier statistics; {@code columns} unchanged when DuckDB cannot
     * measure them.
     */
    public List<ColumnDefinition> measure(DuckDBConnection connection, String table, List<ColumnDefinition> columns) {
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + SqlNames.quote(table));
        for (ColumnDefinition column : columns) {
            String name = SqlNames.quote(column.name());
            select.add("CAST(approx_count_distinct(" + name + ") AS BIGINT)");
            select.add("count(*) - count(" + name + ")");
            if (ordered(column.type())) {
                ColumnStatistics before = column.statistics();
                String earlierMin = before == null || before.min() == null ? null : typed(before.min(), column.type());
                String earlierMax = before == null || before.max() == null ? null : typed(before.max(), column.type());
                select.add(text(earlierMin == null ? "min(" + name + ")" : "least(min(" + name + "), " + earlierMin + ")"));
                select.add(text(earlierMax == null ? "max(" + name + ")" : "greatest(max(" + name + "), " + earlierMax + ")"));
                select.add(earlierMin == null ? "false"
                        : "coalesce(" + earlierMax + " < min(" + name + ") OR " + earlierMin + " > max(" + name + "), false)");
            }
        }
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(select.toString())) {
            row.next();
            List<ColumnDefinition> measured = new ArrayList<>();
            int index = 1;
            for (ColumnDefinition column : columns) {
                long distinct = row.getLong(index++);
                long nulls = row.getLong(index++);
                String min = null;
                String max = null;
                boolean disjoint = false;
                if (ordered(column.type())) {
                    min = row.getString(index++);
                    max = row.getString(index++);
                    disjoint = row.getBoolean(index++);
                }
                measured.add(column.withStatistics(folded(column.statistics(), distinct, nulls, min, max, disjoint)));
            }
            return measured;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("the columns of {} could not be measured; the planner estimates without them: {}", table, e.getMessage());
            return columns;
        }
    }

    private static ColumnStatistics folded(ColumnStatistics before, long distinct, long nulls, String min, String max,
            boolean disjoint) {
        if (before == null) {
            return new ColumnStatistics(distinct, nulls, min, max);
        }
        long distinctValues = disjoint ? before.distinctValues() + distinct : Math.max(before.distinctValues(), distinct);
        String foldedMin = min == null ? before.min() : min;
        String foldedMax = max == null ? before.max() : max;
        return new ColumnStatistics(distinctValues, before.nullValues() + nulls, foldedMin, foldedMax);
    }

    private static boolean ordered(String type) {
        String upper = type.trim().toUpperCase(Locale.ROOT);
        return ORDERED_TYPES.contains(upper) || upper.startsWith("DECIMAL");
    }

    private static String typed(String value, String type) {
        return "CAST(" + SqlNames.literal(value) + " AS " + type + ")";
    }

    private static String text(String expression) {
        return "CAST(" + expression + " AS VARCHAR)";
    }
}
