package io.gizmoedge.planner;

import io.gizmoedge.engine.SqlNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.StringJoiner;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Generates the SQL the server runs over the gathered partial aggregates: the final aggregate, with
 * every column cast to the DuckDB type single-node DuckDB gives the aggregate.
 */
final class MergeSqlGenerator {
    private static final String PARTIALS_WITH_HELPERS = "partials";

    /** The final aggregate over the partial aggregates, with the aggregate's single-node column types. */
    String finalAggregate(String partialTable, Aggregate aggregate, AggregateSplit split, List<ResultColumn> aggregateColumns) {
        int groupCount = aggregate.getGroupCount();
        List<String> groupColumns = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            groupColumns.add(SqlNames.quote(StageColumn.GROUP.name(i)));
        }
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + partialRows(partialTable, groupColumns, split));
        for (int i = 0; i < groupCount; i++) {
            select.add(cast(groupColumns.get(i), aggregateColumns.get(i).type()) + " AS "
                    + SqlNames.quote(StageColumn.AGGREGATE.name(i)));
        }
        for (int j = 0; j < split.mergeFunctions().size(); j++) {
            int field = groupCount + j;
            select.add(cast(split.mergeFunctions().get(j).toSql(), aggregateColumns.get(field).type())
                    + " AS " + SqlNames.quote(StageColumn.AGGREGATE.name(field)));
        }
        String sql = select.toString();
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            // each grouping set over the partial rows, which are grouped by every column of every set
            StringJoiner sets = new StringJoiner(", ", " GROUP BY GROUPING SETS (", ")");
            for (ImmutableBitSet set : aggregate.getGroupSets()) {
                sets.add("(" + String.join(", ", set.asList().stream()
                        .map(field -> groupColumns.get(aggregate.getGroupSet().indexOf(field))).toList()) + ")");
            }
            return sql + sets;
        }
        return groupColumns.isEmpty() ? sql : sql + " GROUP BY " + String.join(", ", groupColumns);
    }

    /**
     * The partial table, or when merge functions need per-group helper columns (window aggregates
     * over the partial rows of each group), a sub-query that adds them to every partial row.
     */
    private static String partialRows(String partialTable, List<String> groupColumns, AggregateSplit split) {
        String over = groupColumns.isEmpty() ? "OVER ()" : "OVER (PARTITION BY " + String.join(", ", groupColumns) + ")";
        Set<String> windowColumns = new LinkedHashSet<>();
        split.mergeFunctions().forEach(merge -> windowColumns.addAll(merge.windowColumns(over)));
        if (windowColumns.isEmpty()) {
            return SqlNames.quote(partialTable);
        }
        return "(SELECT *, " + String.join(", ", windowColumns) + " FROM " + SqlNames.quote(partialTable) + ") AS "
                + SqlNames.quote(PARTIALS_WITH_HELPERS);
    }

    /** {@code expression} cast to {@code duckDbType}. */
    static String cast(String expression, String duckDbType) {
        return "CAST(" + expression + " AS " + duckDbType + ")";
    }
}
