package io.gizmoedge.planner;

import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.planner.Distribution.NotDistributable;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.rel.RelNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a query for the cluster: [NOT] EXISTS becomes semi- and anti-joins where that distributes
 * ({@link ExistsRewriter}), other sub-queries become joins ({@link SubQueryRewriter}), WHERE
 * conditions move into joins ({@link JoinConditionRewriter}), every node gets a distribution
 * ({@link DistributionAnalyzer}) and {@link PlanFragmenter} cuts the tree into the stages of a
 * {@link DistributedPlan}. Whatever cannot be proven correct gives a {@link ServerPlan} that names
 * the reason. Immutable and thread-safe: every call builds its own Calcite objects.
 */
public final class QueryPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(QueryPlanner.class);

    private final Catalog catalog;
    private final SchemaDescriber describer;
    private final SqlFrontEnd frontEnd;
    private final ExistsRewriter existsRewriter = new ExistsRewriter();
    private final SubQueryRewriter subQueryRewriter = new SubQueryRewriter();
    private final JoinConditionRewriter joinConditionRewriter = new JoinConditionRewriter();
    private final SemiJoinRewriter semiJoinRewriter = new SemiJoinRewriter();
    private final AggregateSplitter aggregateSplitter = new AggregateSplitter();

    public QueryPlanner(List<TableDefinition> tables, SchemaDescriber describer) {
        this.catalog = Catalog.of(Objects.requireNonNull(tables, "tables"));
        this.describer = Objects.requireNonNull(describer, "describer");
        this.frontEnd = new SqlFrontEnd(catalog);
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
        return PlanningThread.run(() -> planHere(sql));
    }

    /**
     * Plans on the calling thread. Whatever the planner throws, other than a refusal and running out
     * of memory, is a planner defect or limit and must not cost the user the answer: the server's
     * DuckDB still has it. The reason is the planner's own words; the details go to the server log.
     */
    private QueryPlan planHere(String sql) throws QueryRefusedException {
        try {
            return distribute(sql);
        } catch (NotDistributableException e) {
            return new ServerPlan(sql, e.reason());
        } catch (StackOverflowError e) {
            LOG.warn("planning overflowed the stack; the query runs on the server: {}", abbreviated(sql));
            return new ServerPlan(sql, NotDistributableException.tooDeeplyNested().reason());
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // an exception, Calcite's AssertionError (as for 37 / - CAST(NULL AS INTEGER) * - 33 / 13)
            LOG.warn("planning failed; the query runs on the server: {}", abbreviated(sql), e);
            return new ServerPlan(sql, "the planner could not handle this query (the server log has the details)");
        }
    }

    /** The statement for a log line: its start, and its length when it is long (an IN list of 100,000 values). */
    private static String abbreviated(String sql) {
        int shown = 500;
        return sql.length() <= shown ? sql : sql.substring(0, shown) + "… (" + sql.length() + " characters)";
    }

    private QueryPlan distribute(String sql) throws QueryRefusedException, NotDistributableException {
        Statement statement = new Statement(sql, frontEnd.convert(sql).root());
        Set<String> clusterState = ClusterStateScans.in(statement.converted.rel);
        if (!clusterState.isEmpty()) {
            // the server fills these tables from its own state: nothing of them is on a worker
            return new ServerPlan(sql, ClusterStateTables.REASON, clusterState);
        }
        try {
            return distribute(statement, false);
        } catch (NotDistributableException notLocal) {
            // rows moving between workers cost more than a co-located plan, but the cluster still shares the work
            return distribute(statement, true);
        }
    }

    private DistributedPlan distribute(Statement statement, boolean repartitioning) throws NotDistributableException {
        Optional<RelNode> withExistsJoins = existsRewriter.rewrite(statement.converted.rel);
        if (withExistsJoins.isPresent()) {
            // [NOT] EXISTS as semi- and anti-joins stays local when it equates co-location keys; otherwise decorrelate
            try {
                return distribute(statement, withExistsJoins.get(), repartitioning);
            } catch (NotDistributableException e) {
                return distribute(statement, statement.converted.rel, repartitioning);
            }
        }
        return distribute(statement, statement.converted.rel, repartitioning);
    }

    private DistributedPlan distribute(Statement statement, RelNode rel, boolean repartitioning)
            throws NotDistributableException {
        RelNode joined = joinConditionRewriter.rewrite(subQueryRewriter.rewrite(rel));
        RelNode withSemiJoins = semiJoinRewriter.rewrite(joined);
        if (withSemiJoins == joined) {
            return cut(statement, joined, repartitioning);
        }
        // semi-joins are cheaper, but one with a partitioned right side is not local: then keep the joins
        try {
            return cut(statement, withSemiJoins, repartitioning);
        } catch (NotDistributableException e) {
            return cut(statement, joined, repartitioning);
        }
    }

    private DistributedPlan cut(Statement statement, RelNode unrestricted, boolean repartitioning)
            throws NotDistributableException {
        // one analyzer for both: it remembers nodes by identity, and the restriction keeps unchanged subtrees
        DistributionAnalyzer analyzer = new DistributionAnalyzer(catalog, aggregateSplitter, repartitioning);
        // rows that move between workers carry only the columns used above them
        RelNode trimmed = repartitioning ? trimUnusedFields(unrestricted) : unrestricted;
        RelRoot root = statement.converted.withRel(new AggregateKeyRestrictor(analyzer).rewrite(trimmed));
        Distribution whole = analyzer.analyze(root.rel);
        if (whole instanceof NotDistributable notDistributable) {
            throw new NotDistributableException(notDistributable.reason());
        }
        List<ResultColumn> resultColumns = statement.resultColumns();
        if (resultColumns.size() != root.fields.size()) {
            throw new NotDistributableException("the planner's result columns do not match DuckDB's");
        }
        return new PlanFragmenter(catalog, analyzer, aggregateSplitter, describer).cut(root, resultColumns, statement.sql);
    }

    /** The tree with every operator's unused input columns projected away; the root's columns stay. */
    private static RelNode trimUnusedFields(RelNode rel) {
        RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null);
        return new RelFieldTrimmer(null, builder).trim(rel);
    }

    /**
     * One statement being planned: its text, its converted tree, and the columns single-node DuckDB
     * gives it, asked once however many candidate trees are cut.
     */
    private final class Statement {
        final String sql;
        final RelRoot converted;
        private List<ResultColumn> resultColumns;
        private NotDistributableException describeFailure;

        Statement(String sql, RelRoot converted) {
            this.sql = sql;
            this.converted = converted;
        }

        List<ResultColumn> resultColumns() throws NotDistributableException {
            if (resultColumns == null && describeFailure == null) {
                try {
                    resultColumns = List.copyOf(describer.describe(sql));
                } catch (SQLException e) {
                    describeFailure = new NotDistributableException(
                            "DuckDB could not describe the query: " + SqlFrontEnd.firstLine(e));
                }
            }
            if (describeFailure != null) {
                throw describeFailure;
            }
            return resultColumns;
        }
    }

    @Override
    public String toString() {
        return "QueryPlanner[" + catalog.tables().stream().map(TableDefinition::name).collect(Collectors.joining(", ")) + "]";
    }
}
