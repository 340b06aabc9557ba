package io.gizmoedge.planner;

import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.planner.Distribution.NotDistributable;
import io.gizmoedge.planner.Distribution.Partitioned;
import io.gizmoedge.planner.Distribution.Replicated;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexUtil;

/**
 * Plans a query for the cluster: a {@link DistributedPlan} when the query is one aggregate over
 * co-located partitioned tables (with HAVING, projections, ORDER BY and LIMIT after it), otherwise a
 * {@link ServerPlan} that names the reason. Immutable and thread-safe: every call builds its own
 * Calcite objects.
 */
public final class QueryPlanner {
    /** The table name under which the server registers the gathered worker results. */
    public static final String PARTIAL_TABLE_NAME = "gizmo_partials";

    private final Catalog catalog;
    private final SchemaDescriber describer;
    private final SqlFrontEnd frontEnd;
    private final DistributionAnalyzer distributionAnalyzer;
    private final JoinConditionRewriter joinConditionRewriter = new JoinConditionRewriter();
    private final AggregateSplitter aggregateSplitter = new AggregateSplitter();
    private final WorkerSqlGenerator workerSqlGenerator = new WorkerSqlGenerator();
    private final MergeSqlGenerator mergeSqlGenerator = new MergeSqlGenerator();

    public QueryPlanner(List<TableDefinition> tables, SchemaDescriber describer) {
        this.catalog = Catalog.of(Objects.requireNonNull(tables, "tables"));
        this.describer = Objects.requireNonNull(describer, "describer");
        this.frontEnd = new SqlFrontEnd(catalog);
        this.distributionAnalyzer = new DistributionAnalyzer(catalog);
    }

    public QueryPlanner(ShardManifest manifest, SchemaDescriber describer) {
        this(manifest.tables(), describer);
    }

    /**
     * Plans {@code sql}.
     *
     * @throws QueryRefusedException when the text is not a valid query over known tables
     */
    public QueryPlan plan(String sql) throws QueryRefusedException {
        Objects.requireNonNull(sql, "sql");
        try {
            return distribute(sql);
        } catch (NotDistributableException e) {
            return new ServerPlan(sql, e.reason());
        }
    }

    private DistributedPlan distribute(String sql) throws QueryRefusedException, NotDistributableException {
        RelRoot converted = frontEnd.convert(sql).root();
        RelRoot root = converted.withRel(joinConditionRewriter.rewrite(converted.rel));
        Distribution whole = distributionAnalyzer.analyze(root.rel);
        if (whole instanceof Replicated) {
            throw new NotDistributableException("the query reads only replicated tables");
        }
        AggregateQuery query = AggregateQuery.match(root.rel);
        checkUpperNodes(query);
        Aggregate aggregate = query.aggregate();
        Distribution input = distributionAnalyzer.analyze(aggregate.getInput());
        if (input instanceof NotDistributable notDistributable) {
            throw new NotDistributableException(notDistributable.reason());
        }
        if (!(input instanceof Partitioned partitioned)) {
            throw new NotDistributableException("the query's aggregate reads only replicated tables");
        }
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            throw new NotDistributableException("GROUPING SETS, ROLLUP and CUBE are not distributed yet");
        }
        List<ResultColumn> resultColumns = describe(sql);
        if (resultColumns.size() != root.fields.size()) {
            throw new NotDistributableException("the planner's result columns do not match DuckDB's");
        }
        String completeSql = workerSqlGenerator.completeAggregate(aggregate);
        List<ResultColumn> aggregateColumns = describe(completeSql);
        if (aggregateColumns.size() != aggregate.getRowType().getFieldCount()) {
            throw new NotDistributableException("the planner's aggregate columns do not match DuckDB's");
        }
        String tables = String.join(", ", partitioned.tables());
        String keyGroup = groupingKey(aggregate, partitioned);
        if (keyGroup != null) {
            String merged = mergeSqlGenerator.unionOfCompleteAggregates(PARTIAL_TABLE_NAME, aggregateColumns);
            return DistributedPlan.twoStage(completeSql,
                    mergeSqlGenerator.mergeStatement(merged, query, root, resultColumns),
                    PARTIAL_TABLE_NAME, List.copyOf(partitioned.tables()),
                    "workers aggregate " + tables + " whole, as the query groups by the co-location key "
                            + keyGroup + "; the server combines their rows");
        }
        AggregateSplit split = aggregateSplitter.split(aggregate);
        String merged = mergeSqlGenerator.finalAggregate(
                PARTIAL_TABLE_NAME, aggregate.getGroupCount(), split, aggregateColumns);
        return DistributedPlan.twoStage(workerSqlGenerator.partialAggregate(aggregate, split),
                mergeSqlGenerator.mergeStatement(merged, query, root, resultColumns),
                PARTIAL_TABLE_NAME, List.copyOf(partitioned.tables()),
                "workers compute partial aggregates over " + tables + "; the server merges them");
    }

    /** The first group column that is a co-location key, as "column (group)", or null. */
    private static String groupingKey(Aggregate aggregate, Partitioned input) {
        RelNode aggregateInput = aggregate.getInput();
        for (int field : aggregate.getGroupSet()) {
            var group = input.groupOf(field);
            if (group.isPresent()) {
                return aggregateInput.getRowType().getFieldNames().get(field) + " (group " + group.get() + ")";
            }
        }
        return null;
    }

    private static void checkUpperNodes(AggregateQuery query) throws NotDistributableException {
        for (RelNode node : query.upperNodes()) {
            List<RexNode> expressions = node instanceof Project project ? project.getProjects()
                    : node instanceof Filter filter ? List.of(filter.getCondition()) : List.of();
            for (RexNode expression : expressions) {
                if (RexUtil.SubQueryFinder.find(expression) != null) {
                    throw new NotDistributableException("sub-queries are not distributed yet");
                }
                if (RexOver.containsOver(expression)) {
                    throw new NotDistributableException("window functions are not distributed yet");
                }
            }
        }
    }

    private List<ResultColumn> describe(String sql) throws NotDistributableException {
        try {
            return List.copyOf(describer.describe(sql));
        } catch (SQLException e) {
            throw new NotDistributableException("DuckDB could not describe the query: " + SqlFrontEnd.firstLine(e));
        }
    }

    @Override
    public String toString() {
        return "QueryPlanner[" + catalog.tables().stream().map(TableDefinition::name).collect(Collectors.joining(", ")) + "]";
    }
}
