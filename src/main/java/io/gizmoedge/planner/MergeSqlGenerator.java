package io.gizmoedge.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Generates the SQL the server runs over the gathered partial aggregates: the final aggregate, with
 * every column cast to the DuckDB type single-node DuckDB gives the aggregate.
 */
final class MergeSqlGenerator {

    /** The final aggregate over the partial aggregates, with the aggregate's single-node column types. */
    String finalAggregate(String partialTable, int groupCount, AggregateSplit split, List<ResultColumn> aggregateColumns) {
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + SqlNames.quote(partialTable));
        List<String> groupColumns = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            String group = SqlNames.quote(WorkerSqlGenerator.GROUP_PREFIX + i);
            groupColumns.add(group);
            select.add(cast(group, aggregateColumns.get(i).type()) + " AS " + SqlNames.quote(completeName(i)));
        }
        for (int j = 0; j < split.mergeFunctions().size(); j++) {
            int field = groupCount + j;
            select.add(cast(split.mergeFunctions().get(j).toSql(), aggregateColumns.get(field).type())
                    + " AS " + SqlNames.quote(completeName(field)));
        }
        String sql = select.toString();
        return groupColumns.isEmpty() ? sql : sql + " GROUP BY " + String.join(", ", groupColumns);
    }

    private static String completeName(int field) {
        return WorkerSqlGenerator.COMPLETE_PREFIX + field;
    }

    private static String cast(String expression, String duckDbType) {
        return "CAST(" + expression + " AS " + duckDbType + ")";
    }
}
