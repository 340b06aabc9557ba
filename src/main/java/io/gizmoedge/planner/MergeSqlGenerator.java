package io.gizmoedge.planner;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.StringJoiner;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.tools.RelBuilder;

/**
 * Generates the SQL the server runs over the gathered partial results:
 * {@code WITH merged AS (final aggregate), result AS (the query's nodes above its aggregate)}
 * and a last SELECT that gives every column the name and DuckDB type single-node DuckDB gives.
 */
final class MergeSqlGenerator {
    static final String MERGED = "merged";
    static final String RESULT = "result";
    private static final String RESULT_PREFIX = "f";
    private static final String PARTIALS_WITH_HELPERS = "partials";

    /** The merged aggregate when workers ran it whole: their rows are the aggregate's rows. */
    String unionOfCompleteAggregates(String partialTable, List<ResultColumn> aggregateColumns) {
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + SqlNames.quote(partialTable));
        for (int i = 0; i < aggregateColumns.size(); i++) {
            String column = WorkerSqlGenerator.COMPLETE_PREFIX + i;
            select.add(cast(SqlNames.quote(column), aggregateColumns.get(i).type()) + " AS " + SqlNames.quote(column));
        }
        return select.toString();
    }

    /** The final aggregate over the partial aggregates, with the aggregate's single-node column types. */
    String finalAggregate(String partialTable, int groupCount, AggregateSplit split, List<ResultColumn> aggregateColumns) {
        List<String> groupColumns = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            groupColumns.add(SqlNames.quote(WorkerSqlGenerator.GROUP_PREFIX + i));
        }
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + partialRows(partialTable, groupColumns, split));
        for (int i = 0; i < groupCount; i++) {
            select.add(cast(groupColumns.get(i), aggregateColumns.get(i).type()) + " AS " + SqlNames.quote(completeName(i)));
        }
        for (int j = 0; j < split.mergeFunctions().size(); j++) {
            int field = groupCount + j;
            select.add(cast(split.mergeFunctions().get(j).toSql(), aggregateColumns.get(field).type())
                    + " AS " + SqlNames.quote(completeName(field)));
        }
        String sql = select.toString();
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

    /**
     * The full merge statement: {@code merged} defined by {@code mergedSql}, the query's upper nodes
     * over it, then the result columns renamed and cast to {@code resultColumns}, ordered as the query says.
     */
    String mergeStatement(String mergedSql, AggregateQuery query, RelRoot root, List<ResultColumn> resultColumns) {
        RelNode upper = upperNodesOverMerged(query);
        RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(upper.getCluster(), null);
        builder.push(upper).rename(WorkerSqlGenerator.names(RESULT_PREFIX, upper.getRowType().getFieldCount()));
        String resultSql = DuckDbSqlWriter.toSql(builder.build());

        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + SqlNames.quote(RESULT));
        for (int i = 0; i < root.fields.size(); i++) {
            int field = root.fields.get(i).getKey();
            ResultColumn column = resultColumns.get(i);
            select.add(cast(SqlNames.quote(RESULT_PREFIX + field), column.type()) + " AS " + SqlNames.quote(column.name()));
        }
        return "WITH " + SqlNames.quote(MERGED) + " AS (" + mergedSql + "), "
                + SqlNames.quote(RESULT) + " AS (" + resultSql + ") "
                + select + orderBy(root.collation);
    }

    /** The query's nodes above the aggregate, re-planted on a scan of the merged aggregate. */
    private static RelNode upperNodesOverMerged(AggregateQuery query) {
        Aggregate aggregate = query.aggregate();
        RelNode current = LogicalTableScan.create(aggregate.getCluster(), mergedTable(aggregate), List.of());
        List<RelNode> upper = query.upperNodes();
        for (int i = upper.size() - 1; i >= 0; i--) {
            RelNode node = upper.get(i);
            current = node.copy(node.getTraitSet(), List.of(current));
        }
        return current;
    }

    private static RelOptTable mergedTable(Aggregate aggregate) {
        RelDataTypeFactory typeFactory = aggregate.getCluster().getTypeFactory();
        RelDataType aggregateType = aggregate.getRowType();
        RelDataTypeFactory.Builder rowType = typeFactory.builder();
        for (int i = 0; i < aggregateType.getFieldCount(); i++) {
            rowType.add(completeName(i), aggregateType.getFieldList().get(i).getType());
        }
        return RelOptTableImpl.create(null, rowType.build(), List.of(MERGED), (Expression) null);
    }

    private static String orderBy(RelCollation collation) {
        if (collation.getFieldCollations().isEmpty()) {
            return "";
        }
        StringJoiner orderBy = new StringJoiner(", ", " ORDER BY ", "");
        for (RelFieldCollation key : collation.getFieldCollations()) {
            String term = SqlNames.quote(RESULT) + "." + SqlNames.quote(RESULT_PREFIX + key.getFieldIndex())
                    + (key.direction.isDescending() ? " DESC" : " ASC");
            term += switch (key.nullDirection) {
                case FIRST -> " NULLS FIRST";
                case LAST -> " NULLS LAST";
                case UNSPECIFIED -> "";
            };
            orderBy.add(term);
        }
        return orderBy.toString();
    }

    private static String completeName(int field) {
        return WorkerSqlGenerator.COMPLETE_PREFIX + field;
    }

    private static String cast(String expression, String duckDbType) {
        return "CAST(" + expression + " AS " + duckDbType + ")";
    }
}
