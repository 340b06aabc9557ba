package io.gizmoedge.planner;

import io.gizmoedge.planner.Distribution.KeyField;
import io.gizmoedge.planner.Distribution.NotDistributable;
import io.gizmoedge.planner.Distribution.Partitioned;
import io.gizmoedge.planner.Distribution.Replicated;
import io.gizmoedge.planner.Distribution.Single;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * Puts the {@link Exchange}s into an analysed tree (Trino's AddExchanges role): where the
 * {@link DistributionAnalyzer} decided that rows move, the tree gets an exchange node, and every node
 * of the result has a distribution. Exchanges go
 * <ul>
 *   <li>above an aggregate over partitioned rows that is not grouped by a co-location key: its
 *       partial rows are gathered to the server, or repartitioned by a group key when the analysis
 *       chose to merge many groups on the workers;</li>
 *   <li>below an ORDER BY or LIMIT over partitioned rows, which then runs on the server over the
 *       gathered rows (after a per-worker top-N or LIMIT when the query has a LIMIT), and below an
 *       ordered partitioned result;</li>
 *   <li>below an operator whose partitioned inputs are not co-located: a side broadcast or both
 *       repartitioned, as the analysis chose;</li>
 *   <li>below a partitioned operator that reads a single result (a scalar sub-query, a merged
 *       aggregate): that result is broadcast, and acts as a replicated table on the workers.</li>
 * </ul>
 * One instance per planned tree.
 */
final class ExchangePlacer {
    private final DistributionAnalyzer analyzer;
    private final Map<RelNode, Distribution> distributions = new IdentityHashMap<>();
    /** Single results over partitioned rows by their text: a sub-query read twice is placed, and so computed, once. */
    private final Map<String, RelNode> singleResults = new HashMap<>();

    ExchangePlacer(DistributionAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * The tree with exchanges, and the distribution of each of its nodes.
     *
     * @param root the exchanged tree; its root may run anywhere but on one worker
     */
    record Placement(RelNode root, Map<RelNode, Distribution> distributions) {
        Distribution of(RelNode node) {
            Distribution distribution = distributions.get(node);
            if (distribution == null) {
                throw new IllegalArgumentException("not a node of the placed tree: " + node);
            }
            return distribution;
        }
    }

    /** {@code root} with its exchanges; an ordered partitioned result is gathered to the server to be ordered there. */
    Placement place(RelRoot root) throws NotDistributableException {
        RelNode top = place(root.rel);
        if (distributions.get(top) instanceof Partitioned && !root.collation.getFieldCollations().isEmpty()) {
            top = placed(Exchange.gather(top), new Single());
        }
        return new Placement(top, distributions);
    }

    private RelNode place(RelNode node) throws NotDistributableException {
        Distribution distribution = analyzer.analyze(node);
        if (distribution instanceof NotDistributable notDistributable) {
            throw new NotDistributableException(notDistributable.reason());
        }
        if (node instanceof Aggregate aggregate && distribution instanceof Partitioned
                && analyzer.mergeOf(aggregate).isPresent()) {
            return split(aggregate, place(aggregate.getInput())); // merged on the workers
        }
        if (node.getInputs().size() == 1 && analyzer.analyze(node.getInput(0)) instanceof Partitioned
                && distribution instanceof Single) {
            return singleResult(node);
        }
        List<RelNode> inputs = new ArrayList<>();
        for (int i = 0; i < node.getInputs().size(); i++) {
            RelNode input = place(node.getInput(i));
            Optional<Repartition> repartition = analyzer.repartitionOf(node, i);
            if (repartition.isPresent()) {
                input = placed(Exchange.repartition(input, repartition.get(),
                        DistributionAnalyzer.estimatedRows(node.getInput(i))), arrived(input, repartition.get()));
            }
            OptionalLong broadcastRows = analyzer.broadcastOf(node, i);
            if (broadcastRows.isPresent()) {
                input = placed(Exchange.broadcast(input, broadcastRows), new Replicated());
            }
            if (distribution instanceof Partitioned && distributions.get(input) instanceof Single) {
                input = placed(Exchange.broadcast(input, OptionalLong.empty()), new Replicated());
            }
            if (!(distribution instanceof Partitioned) && distributions.get(input) instanceof Partitioned) {
                throw new IllegalStateException("a partitioned input under a " + distribution + " node: " + node);
            }
            inputs.add(input);
        }
        return placed(inputs.isEmpty() ? node : node.copy(node.getTraitSet(), inputs), distribution);
    }

    /** A single result computed from partitioned rows: a merged aggregate or an ordered (limited) result. */
    private RelNode singleResult(RelNode node) throws NotDistributableException {
        String text = RelOptUtil.toString(node);
        RelNode known = singleResults.get(text);
        if (known != null) {
            return known;
        }
        RelNode input = place(node.getInput(0));
        RelNode result;
        if (node instanceof Aggregate aggregate) {
            result = split(aggregate, input);
        } else if (node instanceof Sort sort) {
            result = gatherSorted(sort, input);
        } else {
            throw new NotDistributableException("the planner cannot distribute " + node.getRelTypeName());
        }
        singleResults.put(text, result);
        return result;
    }

    /** Partial aggregates over the placed input, exchanged to where the final step runs. */
    private RelNode split(Aggregate aggregate, RelNode input) {
        AggregateMerge merge = analyzer.mergeOf(aggregate).orElseThrow();
        Partitioned partitioned = (Partitioned) distributions.get(input);
        Aggregate onWorkers = (Aggregate) placed(aggregate.copy(aggregate.getTraitSet(), List.of(input)), partitioned);
        Distribution merged = merge.repartition().<Distribution>map(moved -> new Partitioned(
                Set.of(new KeyField(moved.field(), moved.group())), partitioned.tables())).orElse(new Single());
        return placed(Exchange.split(onWorkers, aggregate, merge), merged);
    }

    /** Rows gathered to the server for ORDER BY / LIMIT; with a LIMIT, each worker sends only its top rows. */
    private RelNode gatherSorted(Sort sort, RelNode input) {
        RelNode onWorkers = input;
        if (sort.fetch instanceof RexLiteral fetch && (sort.offset == null || sort.offset instanceof RexLiteral)) {
            long limit = fetch.getValueAs(Long.class)
                    + (sort.offset == null ? 0 : ((RexLiteral) sort.offset).getValueAs(Long.class));
            RexNode limitLiteral = sort.getCluster().getRexBuilder().makeBigintLiteral(BigDecimal.valueOf(limit));
            onWorkers = placed(LogicalSort.create(input, sort.getCollation(), null, limitLiteral), distributions.get(input));
        }
        RelNode gathered = placed(Exchange.gather(onWorkers), new Single());
        return placed(sort.copy(sort.getTraitSet(), gathered, sort.getCollation(), sort.offset, sort.fetch), new Single());
    }

    /** Where repartitioned rows are: partitioned by the moved field, in a co-location group of their own. */
    private Distribution arrived(RelNode input, Repartition repartition) {
        SortedSet<String> tables = new TreeSet<>();
        if (distributions.get(input) instanceof Partitioned partitioned) {
            tables.addAll(partitioned.tables());
        }
        return new Partitioned(Set.of(new KeyField(repartition.field(), repartition.group())), tables);
    }

    private RelNode placed(RelNode node, Distribution distribution) {
        distributions.put(node, distribution);
        return node;
    }
}
