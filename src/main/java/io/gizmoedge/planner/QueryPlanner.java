package io.gizmoedge.planner;

import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.planner.Distribution.NotDistributable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import com.google.common.base.Suppliers;
import com.google.common.collect.Sets;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.RelBuilder;
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
    private final PlannerSettings settings;
    private final SqlFrontEnd frontEnd;
    private final ExistsRewriter existsRewriter = new ExistsRewriter();
    private final SubQueryRewriter subQueryRewriter = new SubQueryRewriter();
    private final JoinConditionRewriter joinConditionRewriter = new JoinConditionRewriter();
    private final SemiJoinRewriter semiJoinRewriter = new SemiJoinRewriter();
    private final AggregateSplitter aggregateSplitter = new AggregateSplitter();
    private final DistinctAggregateExpander distinctAggregateExpander;
    private final GroupingSetValues groupingSetValues = new GroupingSetValues();

    public QueryPlanner(List<TableDefinition> tables, SchemaDescriber describer, PlannerSettings settings) {
        this.catalog = Catalog.of(Objects.requireNonNull(tables, "tables"));
        this.describer = Objects.requireNonNull(describer, "describer");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.frontEnd = new SqlFrontEnd(catalog);
        this.distinctAggregateExpander = new DistinctAggregateExpander(new GroupCountEstimator(catalog), settings);
    }

    public QueryPlanner(List<TableDefinition> tables, SchemaDescriber describer) {
        this(tables, describer, PlannerSettings.DEFAULT);
    }

    public QueryPlanner(ShardManifest manifest, SchemaDescriber describer, PlannerSettings settings) {
        this(manifest.tables(), describer, settings);
    }

    public QueryPlanner(ShardManifest manifest, SchemaDescriber describer) {
        this(manifest.tables(), describer, PlannerSettings.DEFAULT);
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
        RelRoot converted = frontEnd.convert(sql).root();
        Statement statement = new Statement(sql, converted.withRel(groupingSetValues.rewrite(converted.rel)));
        Set<String> clusterState = ClusterStateScans.in(statement.converted.rel);
        if (!clusterState.isEmpty()) {
            // the server fills these tables from its own state: nothing of them is on a worker
            return new ServerPlan(sql, ClusterStateTables.REASON, clusterState);
        }
        Optional<String> currentTime = CurrentTimeCalls.in(statement.converted.rel);
        if (currentTime.isPresent()) {
            return new ServerPlan(sql, CurrentTimeCalls.reason(currentTime.get()));
        }
        String lastReason = "the planner found no tree to distribute";
        Map<Boolean, Set<RelNode>> tried = Map.of(false, Sets.newIdentityHashSet(), true, Sets.newIdentityHashSet());
        for (Candidate candidate : candidates(statement)) {
            Optional<RelNode> tree = candidate.tree().get();
            // a rewrite that changed nothing gives the same tree as the next candidate: cut it once
            if (tree.isEmpty() || !tried.get(candidate.repartitioning()).add(tree.get())) {
                continue;
            }
            Cut cut = cut(statement, tree.get(), candidate.repartitioning());
            if (cut instanceof Cut.Planned planned) {
                return planned.plan();
            }
            lastReason = ((Cut.Refused) cut).reason();
        }
        throw new NotDistributableException(lastReason);
    }

    /** What cutting one candidate tree gave: its plan, or why it does not distribute. */
    private sealed interface Cut {
        record Planned(DistributedPlan plan) implements Cut {
        }

        record Refused(String reason) implements Cut {
        }
    }

    /**
     * One tree the planner tries to cut into stages (none when its rewrite does not apply), and whether
     * rows may move between workers in it. The tree is built when first tried, once for all candidates
     * that share it.
     */
    private record Candidate(Supplier<Optional<RelNode>> tree, boolean repartitioning) {
    }

    /**
     * The trees to try, best first; the first that distributes is the plan, and the last one's reason
     * is the reason when none does:
     * <ol>
     *   <li>without moving rows between workers: [NOT] EXISTS as semi- and anti-joins (local when they
     *       equate co-location keys), then the sub-queries decorrelated into joins; each with the joins
     *       of decorrelated EXISTS / IN turned into semi-joins (cheaper), then as joins (whose keys can
     *       be broadcast);</li>
     *   <li>the same trees again with repartitioning: a plan that moves rows still lets the cluster
     *       share the work, where the server would otherwise do all of it.</li>
     * </ol>
     */
    private List<Candidate> candidates(Statement statement) {
        RelNode converted = statement.converted.rel;
        List<Supplier<Optional<RelNode>>> trees = new ArrayList<>();
        for (Supplier<Optional<RelNode>> source : List.<Supplier<Optional<RelNode>>>of(
                () -> existsRewriter.rewrite(converted), () -> Optional.of(converted))) {
            Supplier<Optional<RelNode>> joined = Suppliers.memoize(
                    () -> source.get().map(tree -> distinctAggregateExpander.rewrite(
                            joinConditionRewriter.rewrite(subQueryRewriter.rewrite(tree)))));
            trees.add(Suppliers.memoize(() -> joined.get().map(semiJoinRewriter::rewrite)));
            trees.add(joined);
        }
        List<Candidate> candidates = new ArrayList<>();
        for (boolean repartitioning : List.of(false, true)) {
            trees.forEach(tree -> candidates.add(new Candidate(tree, repartitioning)));
        }
        return candidates;
    }

    /**
     * The plan of one candidate tree, or why it does not distribute: the analysis says so as a value;
     * the fragmenter's refusals (a stage DuckDB cannot describe) become one here.
     */
    private Cut cut(Statement statement, RelNode unrestricted, boolean repartitioning) {
        // one analyzer for both: it remembers nodes by identity, and the restriction keeps unchanged subtrees
        DistributionAnalyzer analyzer = new DistributionAnalyzer(catalog, aggregateSplitter, repartitioning, settings);
        // rows that move between workers carry only the columns used above them
        RelNode trimmed = repartitioning ? trimUnusedFields(unrestricted) : unrestricted;
        RelRoot root = statement.converted.withRel(new AggregateKeyRestrictor(analyzer).rewrite(trimmed));
        Distribution whole = analyzer.analyze(root.rel);
        if (whole instanceof NotDistributable notDistributable) {
            return new Cut.Refused(notDistributable.reason());
        }
        try {
            List<ResultColumn> resultColumns = statement.resultColumns();
            if (resultColumns.size() != root.fields.size()) {
                return new Cut.Refused("the planner's result columns do not match DuckDB's");
            }
            return new Cut.Planned(new PlanFragmenter(catalog, analyzer, describer).cut(root, resultColumns, statement.sql));
        } catch (NotDistributableException e) {
            return new Cut.Refused(e.reason());
        }
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
