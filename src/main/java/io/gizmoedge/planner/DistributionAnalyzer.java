package io.gizmoedge.planner;

import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.planner.Distribution.KeyField;
import io.gizmoedge.planner.Distribution.NotDistributable;
import io.gizmoedge.planner.Distribution.Partitioned;
import io.gizmoedge.planner.Distribution.Replicated;
import java.util.HashSet;
import java.util.List;
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
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexUtil;

/**
 * Gives a relational tree its {@link Distribution}, bottom up: which parts every worker can compute
 * over its own shards, and which output fields are still co-location keys.
 *
 * <p>Assumes placement puts rows whose key is NULL on one shard too (a hash of NULL is one value), so
 * that a GROUP BY on a key is complete per shard even for the NULL group. Outer joins keep only the
 * preserved side's keys, because the other side's key columns become NULL on unmatched rows.
 */
final class DistributionAnalyzer {
    private final Catalog catalog;

    DistributionAnalyzer(Catalog catalog) {
        this.catalog = catalog;
    }

    Distribution analyze(RelNode node) {
        if (node instanceof TableScan scan) {
            return scan(scan);
        }
        if (node instanceof Filter filter) {
            if (RexUtil.SubQueryFinder.find(filter.getCondition()) != null) {
                return new NotDistributable("sub-queries are not distributed yet");
            }
            return analyze(filter.getInput());
        }
        if (node instanceof Project project) {
            return project(project);
        }
        if (node instanceof Join join) {
            return join(join);
        }
        if (node instanceof Aggregate aggregate) {
            return aggregate(aggregate);
        }
        if (node instanceof Sort) {
            return notDistributableUnlessReplicated(node, "an ORDER BY or LIMIT inside the query is not distributed yet");
        }
        if (node instanceof Window) {
            return notDistributableUnlessReplicated(node, "window functions are not distributed yet");
        }
        if (node instanceof SetOp) {
            return notDistributableUnlessReplicated(node, "UNION, INTERSECT and EXCEPT are not distributed yet");
        }
        if (node instanceof Values) {
            return new NotDistributable("VALUES lists are not distributed yet");
        }
        if (node instanceof Correlate) {
            return new NotDistributable("correlated sub-queries are not distributed yet");
        }
        return new NotDistributable("the planner cannot distribute " + node.getRelTypeName());
    }

    private Distribution scan(TableScan scan) {
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

    private Distribution project(Project project) {
        for (RexNode expression : project.getProjects()) {
            if (RexUtil.SubQueryFinder.find(expression) != null) {
                return new NotDistributable("sub-queries are not distributed yet");
            }
        }
        if (RexOver.containsOver(project.getProjects(), null)) {
            return notDistributableUnlessReplicated(project, "window functions are not distributed yet");
        }
        Distribution input = analyze(project.getInput());
        if (!(input instanceof Partitioned partitioned)) {
            return input;
        }
        Set<KeyField> keys = new HashSet<>();
        List<RexNode> projects = project.getProjects();
        for (int i = 0; i < projects.size(); i++) {
            if (projects.get(i) instanceof RexInputRef ref) {
                int output = i;
                partitioned.groupOf(ref.getIndex()).ifPresent(group -> keys.add(new KeyField(output, group)));
            }
        }
        return new Partitioned(keys, partitioned.tables());
    }

    private Distribution join(Join join) {
        if (RexUtil.SubQueryFinder.find(join.getCondition()) != null) {
            return new NotDistributable("sub-queries are not distributed yet");
        }
        Distribution left = analyze(join.getLeft());
        if (left instanceof NotDistributable) {
            return left;
        }
        Distribution right = analyze(join.getRight());
        if (right instanceof NotDistributable) {
            return right;
        }
        if (left instanceof Replicated && right instanceof Replicated) {
            return left;
        }
        int leftCount = join.getLeft().getRowType().getFieldCount();
        JoinRelType type = join.getJoinType();
        Set<KeyField> leftKeys = left instanceof Partitioned p ? p.keys() : Set.of();
        Set<KeyField> rightKeys = right instanceof Partitioned p ? shift(p.keys(), leftCount) : Set.of();
        SortedSet<String> tables = new TreeSet<>();
        if (left instanceof Partitioned p) {
            tables.addAll(p.tables());
        }
        if (right instanceof Partitioned p) {
            tables.addAll(p.tables());
        }
        boolean colocated = left instanceof Partitioned l && right instanceof Partitioned r && colocated(join, l, r);
        if (left instanceof Partitioned && right instanceof Partitioned && !colocated) {
            return new NotDistributable("the join of " + String.join(" and ", tableList(left, right))
                    + " is not on co-location keys");
        }
        boolean leftPartitioned = left instanceof Partitioned;
        boolean rightPartitioned = right instanceof Partitioned;
        return switch (type) {
            case INNER -> new Partitioned(union(leftKeys, rightKeys), tables);
            case LEFT, SEMI, ANTI -> leftPartitioned
                    ? new Partitioned(leftKeys, tables)
                    : new NotDistributable("a " + type.name() + " join of a replicated table with a partitioned one is not local");
            case RIGHT -> rightPartitioned
                    ? new Partitioned(rightKeys, tables)
                    : new NotDistributable("a RIGHT join of a partitioned table with a replicated one is not local");
            case FULL -> colocated
                    ? new Partitioned(Set.of(), tables)
                    : new NotDistributable("a FULL join with a replicated table is not local");
            default -> new NotDistributable(type.name() + " joins are not distributed yet");
        };
    }

    private static List<String> tableList(Distribution left, Distribution right) {
        SortedSet<String> leftTables = ((Partitioned) left).tables();
        SortedSet<String> rightTables = ((Partitioned) right).tables();
        return List.of(String.join(", ", leftTables), String.join(", ", rightTables));
    }

    /** True when the condition equates, as a conjunct, a key of the left with a key of the right of the same group. */
    private static boolean colocated(Join join, Partitioned left, Partitioned right) {
        JoinInfo info = join.analyzeCondition();
        for (int i = 0; i < info.leftKeys.size(); i++) {
            var leftGroup = left.groupOf(info.leftKeys.get(i));
            var rightGroup = right.groupOf(info.rightKeys.get(i));
            if (leftGroup.isPresent() && leftGroup.equals(rightGroup)) {
                return true;
            }
        }
        return false;
    }

    /** An aggregate grouped by a co-location key is complete on each shard. */
    private Distribution aggregate(Aggregate aggregate) {
        Distribution input = analyze(aggregate.getInput());
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
            partitioned.groupOf(groupFields.get(i)).ifPresent(group -> keys.add(new KeyField(output, group)));
        }
        if (keys.isEmpty()) {
            return new NotDistributable("an aggregate inside the query does not group by a co-location key");
        }
        return new Partitioned(keys, partitioned.tables());
    }

    private Distribution notDistributableUnlessReplicated(RelNode node, String reason) {
        for (RelNode input : node.getInputs()) {
            if (!(analyze(input) instanceof Replicated)) {
                return new NotDistributable(reason);
            }
        }
        return new Replicated();
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
