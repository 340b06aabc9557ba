package io.gizmoedge.planner;

import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.planner.Distribution.KeyField;
import io.gizmoedge.planner.Distribution.NotDistributable;
import io.gizmoedge.planner.Distribution.Partitioned;
import io.gizmoedge.planner.Distribution.Replicated;
import io.gizmoedge.planner.Distribution.Single;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Gives every node of a relational tree its {@link Distribution}, bottom up, assuming the exchanges
 * {@link PlanFragmenter} inserts: a {@link Single} input of a partitioned operator is broadcast (and
 * acts as replicated there); an aggregate over partitioned rows that is not grouped by a co-location
 * key is split into partial and final steps (its result is {@link Single}); an ORDER BY or LIMIT over
 * partitioned rows gathers them (top-N per worker first). Anything else that is not provably local
 * is {@link NotDistributable} with a user-facing reason.
 *
 * <p>One instance per planned query: it remembers each node's distribution (by identity).
 *
 * <p>Assumes placement puts rows whose key is NULL on one shard too (a hash of NULL is one value), so
 * that a GROUP BY on a key is complete per shard even for the NULL group. Outer joins keep only the
 * preserved side's keys, because the other side's key columns become NULL on unmatched rows.
 */
final class DistributionAnalyzer {
    private final Catalog catalog;
    private final AggregateSplitter splitter;
    private final Map<RelNode, Distribution> known = new IdentityHashMap<>();

    DistributionAnalyzer(Catalog catalog, AggregateSplitter splitter) {
        this.catalog = catalog;
        this.splitter = splitter;
    }

    Distribution analyze(RelNode node) {
        Distribution cached = known.get(node);
        if (cached != null) {
            return cached;
        }
        Distribution distribution = compute(node);
        known.put(node, distribution);
        return distribution;
    }

    /** The node's distribution; the first {@link NotDistributable} found below it, if any. */
    private Distribution compute(RelNode node) {
        List<Distribution> inputs = new ArrayList<>();
        for (RelNode input : node.getInputs()) {
            Distribution distribution = analyze(input);
            if (distribution instanceof NotDistributable) {
                return distribution;
            }
            inputs.add(distribution);
        }
        if (node instanceof TableScan scan) {
            return scan(scan);
        }
        if (node instanceof Values) {
            return new Replicated();
        }
        if (node instanceof Filter filter) {
            if (RexUtil.SubQueryFinder.find(filter.getCondition()) != null) {
                return new NotDistributable("a sub-query could not be turned into a join");
            }
            return inputs.get(0);
        }
        if (node instanceof Project project) {
            return project(project, inputs.get(0));
        }
        if (node instanceof Join join) {
            return join(join, inputs.get(0), inputs.get(1));
        }
        if (node instanceof Aggregate aggregate) {
            return aggregate(aggregate, inputs.get(0));
        }
        if (node instanceof Sort) {
            return inputs.get(0) instanceof Partitioned ? new Single() : inputs.get(0);
        }
        if (node instanceof Window) {
            return inputs.get(0) instanceof Partitioned
                    ? new NotDistributable("window functions over partitioned tables are not distributed yet")
                    : inputs.get(0);
        }
        if (node instanceof SetOp setOp) {
            return setOp(setOp, inputs);
        }
        if (node instanceof Correlate) {
            return inputs.stream().allMatch(d -> d instanceof Replicated) ? new Replicated()
                    : new NotDistributable("a correlated sub-query over partitioned tables could not be turned into a join");
        }
        if (!inputs.isEmpty() && inputs.stream().allMatch(d -> d instanceof Replicated)) {
            return new Replicated();
        }
        return new NotDistributable("the planner cannot distribute " + node.getRelTypeName());
    }

    private Distribution scan(TableScan scan) {
        if (ConstantListTable.of(scan.getTable()).isPresent()) {
            return new Replicated(); // every node computes the values from the SQL text
        }
        List<String> names = scan.getTable().getQualifiedName();
        String name = names.get(names.size() - 1);
        TableDefinition table = catalog.table(name).orElse(null);
        if (table == null) {
            return new NotDistributable("table " + name + " is not in the catalog");
        }
        if (!table.isPartitioned()) {
            return new Replicated();
        }
        Set<KeyField> keys = new HashSet<>();
        List<String> fields = scan.getRowType().getFieldNames();
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            int index = i;
            table.colocationKeys().stream()
                    .filter(k -> k.column().equalsIgnoreCase(field))
                    .forEach(k -> keys.add(new KeyField(index, k.group())));
        }
        return new Partitioned(keys, new TreeSet<>(List.of(table.name())));
    }

    private static Distribution project(Project project, Distribution input) {
        for (RexNode expression : project.getProjects()) {
            if (RexUtil.SubQueryFinder.find(expression) != null) {
                return new NotDistributable("a sub-query could not be turned into a join");
            }
        }
        if (!(input instanceof Partitioned partitioned)) {
            return input;
        }
        if (RexOver.containsOver(project.getProjects(), null)) {
            return new NotDistributable("window functions over partitioned tables are not distributed yet");
        }
        Set<KeyField> keys = new HashSet<>();
        List<RexNode> projects = project.getProjects();
        for (int i = 0; i < projects.size(); i++) {
            if (projects.get(i) instanceof RexInputRef ref) {
                int output = i;
                partitioned.keys().stream().filter(k -> k.field() == ref.getIndex())
                        .forEach(k -> keys.add(new KeyField(output, k.group())));
            }
        }
        return new Partitioned(keys, partitioned.tables());
    }

    private static Distribution join(Join join, Distribution left, Distribution right) {
        if (RexUtil.SubQueryFinder.find(join.getCondition()) != null) {
            return new NotDistributable("a sub-query could not be turned into a join");
        }
        JoinRelType type = join.getJoinType();
        boolean leftPartitioned = left instanceof Partitioned;
        boolean rightPartitioned = right instanceof Partitioned;
        if (!leftPartitioned && !rightPartitioned) {
            // replicated with replicated stays replicated; anything with a single result runs on the server
            return left instanceof Replicated && right instanceof Replicated ? left : new Single();
        }
        int leftCount = join.getLeft().getRowType().getFieldCount();
        Set<KeyField> leftKeys = leftPartitioned ? ((Partitioned) left).keys() : Set.of();
        Set<KeyField> rightKeys = rightPartitioned ? shift(((Partitioned) right).keys(), leftCount) : Set.of();
        SortedSet<String> tables = new TreeSet<>();
        if (left instanceof Partitioned p) {
            tables.addAll(p.tables());
        }
        if (right instanceof Partitioned p) {
            tables.addAll(p.tables());
        }
        boolean colocated = leftPartitioned && rightPartitioned && colocated(join, (Partitioned) left, (Partitioned) right);
        if (leftPartitioned && rightPartitioned && !colocated) {
            return new NotDistributable("the join of " + String.join(", ", ((Partitioned) left).tables()) + " and "
                    + String.join(", ", ((Partitioned) right).tables()) + " is not on co-location keys");
        }
        String other = "a " + type.name() + " join of " + (leftPartitioned
                ? "a partitioned table with " + (right instanceof Single ? "a sub-query result" : "a replicated one")
                : (left instanceof Single ? "a sub-query result" : "a replicated table") + " with a partitioned one")
                + " is not local";
        return switch (type) {
            case INNER -> new Partitioned(union(leftKeys, rightKeys), tables);
            case LEFT, SEMI, ANTI -> leftPartitioned ? new Partitioned(leftKeys, tables) : new NotDistributable(other);
            case RIGHT -> rightPartitioned ? new Partitioned(rightKeys, tables) : new NotDistributable(other);
            case FULL -> colocated ? new Partitioned(Set.of(), tables) : new NotDistributable(other);
            default -> new NotDistributable(type.name() + " joins are not distributed yet");
        };
    }

    /** True when the condition equates, as a conjunct, a key of the left with a key of the right of the same group. */
    private static boolean colocated(Join join, Partitioned left, Partitioned right) {
        JoinInfo info = join.analyzeCondition();
        for (int i = 0; i < info.leftKeys.size(); i++) {
            int leftField = info.leftKeys.get(i);
            int rightField = info.rightKeys.get(i);
            for (KeyField leftKey : left.keys()) {
                if (leftKey.field() != leftField) {
                    continue;
                }
                for (KeyField rightKey : right.keys()) {
                    if (rightKey.field() == rightField && rightKey.group().equals(leftKey.group())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Grouped by a co-location key: complete on each shard; otherwise split into partial and final steps. */
    private Distribution aggregate(Aggregate aggregate, Distribution input) {
        if (aggregate.getAggCallList().stream().anyMatch(call -> call.getAggregation().getKind() == SqlKind.SINGLE_VALUE)) {
            // Calcite's check that a scalar sub-query returns at most one row has no DuckDB SQL
            return new NotDistributable("a scalar sub-query that is not an aggregate is not distributed yet");
        }
        if (!(input instanceof Partitioned partitioned)) {
            return input;
        }
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return new NotDistributable("GROUPING SETS, ROLLUP and CUBE are not distributed yet");
        }
        Set<KeyField> keys = new HashSet<>();
        List<Integer> groupFields = aggregate.getGroupSet().asList();
        for (int i = 0; i < groupFields.size(); i++) {
            int output = i;
            int field = groupFields.get(i);
            partitioned.keys().stream().filter(k -> k.field() == field)
                    .forEach(k -> keys.add(new KeyField(output, k.group())));
        }
        if (!keys.isEmpty()) {
            return new Partitioned(keys, partitioned.tables());
        }
        try {
            splitter.split(aggregate);
        } catch (NotDistributableException e) {
            return new NotDistributable(e.reason());
        }
        return new Single();
    }

    private static Distribution setOp(SetOp setOp, List<Distribution> inputs) {
        if (inputs.stream().allMatch(d -> d instanceof Replicated)) {
            return new Replicated();
        }
        if (inputs.stream().noneMatch(d -> d instanceof Partitioned)) {
            return new Single();
        }
        if (setOp instanceof Union && setOp.all && inputs.stream().allMatch(d -> d instanceof Partitioned)) {
            SortedSet<String> tables = new TreeSet<>();
            inputs.forEach(d -> tables.addAll(((Partitioned) d).tables()));
            return new Partitioned(Set.of(), tables);
        }
        return new NotDistributable("UNION, INTERSECT and EXCEPT over partitioned tables are distributed only as UNION ALL of partitioned inputs");
    }

    private static Set<KeyField> shift(Set<KeyField> keys, int offset) {
        Set<KeyField> shifted = new HashSet<>();
        for (KeyField key : keys) {
            shifted.add(new KeyField(key.field() + offset, key.group()));
        }
        return shifted;
    }

    private static Set<KeyField> union(Set<KeyField> a, Set<KeyField> b) {
        Set<KeyField> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
