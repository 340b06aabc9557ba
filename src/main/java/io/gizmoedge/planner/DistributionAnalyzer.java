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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.calcite.plan.RelOptUtil;
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
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Gives every node of a relational tree its {@link Distribution}, bottom up, assuming the exchanges
 * {@link ExchangePlacer} puts in where it decides so: a {@link Single} input of a partitioned operator is broadcast (and
 * acts as replicated there); an aggregate over partitioned rows that is not grouped by a co-location
 * key is split into partial and final steps (its result is {@link Single}); an ORDER BY or LIMIT over
 * partitioned rows gathers them (top-N per worker first). Anything else that is not provably local
 * is {@link NotDistributable} with a user-facing reason.
 *
 * <p>With repartitioning allowed, a join of two partitioned inputs that are not co-located on its
 * equality keys moves both inputs' rows between workers by a hash of one pair of keys
 * ({@link Repartition}); the join is then co-located on the moved rows.
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
    private static final String WINDOWS_NOT_LOCAL =
            "window functions over partitioned tables are distributed only when every window is partitioned by one column";
    private static final String REPARTITION_NEEDS_KEY =
            " of integer, decimal, text, date, timestamp or boolean columns to repartition rows by";

    /** The join types the planner distributes. */
    private static final Set<JoinRelType> JOINS = Set.of(JoinRelType.INNER, JoinRelType.LEFT, JoinRelType.RIGHT,
            JoinRelType.FULL, JoinRelType.SEMI, JoinRelType.ANTI);

    private final boolean repartitioning;
    private final PlannerSettings settings;
    private final GroupCountEstimator estimator;
    private final Map<RelNode, Distribution> known = new IdentityHashMap<>();
    private final Map<Aggregate, AggregateMerge> merges = new IdentityHashMap<>();
    private final Map<RelNode, Map<Integer, Long>> broadcasts = new IdentityHashMap<>();
    private final Map<RelNode, Map<Integer, Repartition>> repartitions = new IdentityHashMap<>();
    private int nextGroup = 1;

    /**
     * @param repartitioning whether rows may move between workers by hash ({@link Repartition}) where
     *     an operator's inputs are not co-located; without it such an operator is not distributable.
     *     The final step of a split aggregate with many groups is repartitioned either way: that is a
     *     choice by cost between two distributed plans ({@link PlannerSettings#aggregateRepartitionGroups})
     */
    DistributionAnalyzer(Catalog catalog, AggregateSplitter splitter, boolean repartitioning, PlannerSettings settings) {
        this.catalog = catalog;
        this.splitter = splitter;
        this.repartitioning = repartitioning;
        this.settings = settings;
        this.estimator = new GroupCountEstimator(catalog);
    }

    /** How split aggregate {@code aggregate} was split and where its final step runs, when the analysis split it. */
    Optional<AggregateMerge> mergeOf(Aggregate aggregate) {
        return Optional.ofNullable(merges.get(aggregate));
    }

    /** The exchange that repartitions input {@code input} of {@code node}, when the analysis placed one there. */
    Optional<Repartition> repartitionOf(RelNode node, int input) {
        return Optional.ofNullable(repartitions.getOrDefault(node, Map.of()).get(input));
    }

    /** Calcite's estimate of the rows of {@code rel} (from the catalog's row counts), for EXPLAIN; empty when it has none. */
    static OptionalLong estimatedRows(RelNode rel) {
        Double rows = rel.getCluster().getMetadataQuery().getRowCount(rel);
        return rows == null || rows.isNaN() || rows.isInfinite() ? OptionalLong.empty() : OptionalLong.of((long) Math.ceil(rows));
    }

    /**
     * The estimated rows of input {@code input} of join {@code node}, when the analysis chose to send
     * that input's partitioned rows whole to every worker (broadcast).
     */
    OptionalLong broadcastOf(RelNode node, int input) {
        Long rows = broadcasts.getOrDefault(node, Map.of()).get(input);
        return rows == null ? OptionalLong.empty() : OptionalLong.of(rows);
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
        if (node instanceof Window window) {
            return window(window, inputs.get(0));
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

    private Distribution project(Project project, Distribution input) {
        for (RexNode expression : project.getProjects()) {
            if (RexUtil.SubQueryFinder.find(expression) != null) {
                return new NotDistributable("a sub-query could not be turned into a join");
            }
        }
        if (!(input instanceof Partitioned partitioned)) {
            return input;
        }
        if (RexOver.containsOver(project.getProjects(), null)) {
            List<RexWindow> windows = new ArrayList<>();
            project.getProjects().forEach(expression -> expression.accept(new RexShuttle() {
                @Override
                public RexNode visitOver(RexOver over) {
                    windows.add(over.getWindow());
                    return super.visitOver(over);
                }
            }));
            Optional<Partitioned> local = localWindows(project, partitioned,
                    windows.stream().map(w -> partitionFields(w.partitionKeys)).toList());
            if (local.isEmpty()) {
                return new NotDistributable(WINDOWS_NOT_LOCAL + (repartitioning ? REPARTITION_NEEDS_KEY : ""));
            }
            partitioned = local.get();
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

    private Distribution join(Join join, Distribution left, Distribution right) {
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
        if (!JOINS.contains(type)) {
            return new NotDistributable(type.name() + " joins are not distributed yet");
        }
        boolean bothPartitioned = leftPartitioned && rightPartitioned;
        boolean local = bothPartitioned ? colocated(join, (Partitioned) left, (Partitioned) right) : switch (type) {
            case INNER -> true;
            case LEFT, SEMI, ANTI -> leftPartitioned;
            case RIGHT -> rightPartitioned;
            default -> false; // FULL: the replicated side's unmatched rows would come from every worker
        };
        if (!local && bothPartitioned) {
            // the smaller side, if small, goes whole to every worker; the other side's rows stay and keep their keys
            OptionalInt broadcast = broadcastSide(join);
            if (broadcast.isPresent()) {
                return new Partitioned(broadcast.getAsInt() == 1 ? leftKeys : rightKeys, tables);
            }
        }
        if (!local) {
            // both sides' rows move by the hash of one key pair (a replicated side or a sub-query result
            // from the server); only the moved keys stay co-location keys
            Optional<Repartition[]> moved = repartitionJoin(join);
            if (moved.isEmpty()) {
                return new NotDistributable(bothPartitioned
                        ? "the join of " + String.join(", ", ((Partitioned) left).tables()) + " and "
                                + String.join(", ", ((Partitioned) right).tables()) + " is not on co-location keys"
                                + (repartitioning ? ", and it has no equality" + REPARTITION_NEEDS_KEY : "")
                        : "a " + type.name() + " join of " + (leftPartitioned
                                ? "a partitioned table with " + (right instanceof Single ? "a sub-query result" : "a replicated one")
                                : (left instanceof Single ? "a sub-query result" : "a replicated table") + " with a partitioned one")
                                + " is not local");
            }
            leftKeys = Set.of(new KeyField(moved.get()[0].field(), moved.get()[0].group()));
            rightKeys = Set.of(new KeyField(moved.get()[1].field() + leftCount, moved.get()[1].group()));
        }
        return switch (type) {
            case INNER -> new Partitioned(union(leftKeys, rightKeys), tables);
            case LEFT, SEMI, ANTI -> new Partitioned(leftKeys, tables);
            case RIGHT -> new Partitioned(rightKeys, tables);
            default -> new Partitioned(Set.of(), tables); // FULL: unmatched rows have NULL keys on either side
        };
    }

    /**
     * The side of a join of two partitioned inputs to broadcast (0 left, 1 right), recorded with its
     * estimated rows: the side with fewer estimated rows among those the join type allows (an inner
     * join either; a left, semi or anti join the right; a right join the left; a full join none),
     * when it has at most {@link PlannerSettings#joinBroadcastRows}. Empty without repartitioning
     * (rows would move) or without estimates.
     */
    private OptionalInt broadcastSide(Join join) {
        if (!repartitioning) {
            return OptionalInt.empty();
        }
        List<Integer> allowed = switch (join.getJoinType()) {
            case INNER -> List.of(0, 1);
            case LEFT, SEMI, ANTI -> List.of(1);
            case RIGHT -> List.of(0);
            default -> List.of();
        };
        int best = -1;
        long bestRows = Long.MAX_VALUE;
        for (int side : allowed) {
            OptionalLong rows = estimatedRows(join.getInput(side));
            if (rows.isEmpty()) {
                continue;
            }
            long estimate = rows.getAsLong();
            if (estimate <= settings.joinBroadcastRows() && estimate < bestRows) {
                best = side;
                bestRows = estimate;
            }
        }
        if (best < 0) {
            return OptionalInt.empty();
        }
        broadcasts.computeIfAbsent(join, j -> new java.util.HashMap<>()).put(best, bestRows);
        return OptionalInt.of(best);
    }

    /**
     * The exchanges that make {@code join} co-located: both inputs repartitioned by the first equality
     * of its condition whose two columns hash alike ({@link Repartition#keyType}); empty when
     * repartitioning is off or no equality qualifies. Rows equal on every key pair are equal on that
     * one, so hashing one pair is enough for any number of keys.
     */
    private Optional<Repartition[]> repartitionJoin(Join join) {
        if (!repartitioning) {
            return Optional.empty();
        }
        for (int[] pair : equalities(join)) {
            int leftField = pair[0];
            int rightField = pair[1];
            Optional<String> keyType = keyType(join.getLeft(), leftField, join.getRight(), rightField);
            if (keyType.isPresent()) {
                String group = newGroup();
                return Optional.of(new Repartition[] {repartitionInput(join, 0, leftField, keyType.get(), group),
                    repartitionInput(join, 1, rightField, keyType.get(), group)});
            }
        }
        return Optional.empty();
    }

    /**
     * The type that field {@code leftField} of {@code left} and field {@code rightField} of {@code right},
     * compared with each other (a join's equality, a set operation's column), hash as so that values
     * DuckDB finds equal hash alike ({@link Repartition#keyType}); empty when there is none.
     */
    private Optional<String> keyType(RelNode left, int leftField, RelNode right, int rightField) {
        Optional<String> keyType = Repartition.keyType(left.getRowType().getFieldList().get(leftField).getType(),
                right.getRowType().getFieldList().get(rightField).getType());
        if (keyType.equals(Optional.of("VARCHAR")) && (mayBeUuid(left, leftField) || mayBeUuid(right, rightField))) {
            // the planner sees DuckDB's UUID as text, but DuckDB compares a UUID with text as UUIDs
            // ('A0EE…' equals 'a0ee…'), which text hashes would send to different workers
            return Optional.empty();
        }
        return keyType;
    }

    /**
     * The (left field, right field) pairs the join's condition equates as conjuncts: the join's own
     * keys, then equalities where an integer column is cast to another integer type (the cast keeps
     * the value, so the column's own value hashes alike), as Calcite writes INTEGER = BIGINT.
     */
    private static List<int[]> equalities(Join join) {
        List<int[]> pairs = new ArrayList<>();
        JoinInfo info = join.analyzeCondition();
        for (int i = 0; i < info.leftKeys.size(); i++) {
            pairs.add(new int[] {info.leftKeys.get(i), info.rightKeys.get(i)});
        }
        int leftCount = join.getLeft().getRowType().getFieldCount();
        for (RexNode conjunct : RelOptUtil.conjunctions(join.getCondition())) {
            if (conjunct.getKind() == SqlKind.EQUALS && conjunct instanceof RexCall call) {
                OptionalInt a = integerColumn(call.getOperands().get(0));
                OptionalInt b = integerColumn(call.getOperands().get(1));
                if (a.isPresent() && b.isPresent() && (a.getAsInt() < leftCount) != (b.getAsInt() < leftCount)) {
                    int left = Math.min(a.getAsInt(), b.getAsInt());
                    pairs.add(new int[] {left, Math.max(a.getAsInt(), b.getAsInt()) - leftCount});
                }
            }
        }
        return pairs;
    }

    /** The field of an integer column, bare or cast to another integer type. */
    private static OptionalInt integerColumn(RexNode operand) {
        RexNode column = operand.getKind() == SqlKind.CAST && SqlTypeUtil.isIntType(operand.getType())
                ? ((RexCall) operand).getOperands().get(0) : operand;
        return column instanceof RexInputRef ref && SqlTypeUtil.isIntType(ref.getType())
                ? OptionalInt.of(ref.getIndex()) : OptionalInt.empty();
    }

    /** True unless every column field {@code field} of {@code rel} comes from is a catalog column of a type other than UUID. */
    private boolean mayBeUuid(RelNode rel, int field) {
        Set<RelColumnOrigin> origins = rel.getCluster().getMetadataQuery().getColumnOrigins(rel, field);
        if (origins == null || origins.isEmpty()) {
            return true;
        }
        for (RelColumnOrigin origin : origins) {
            Optional<String> type = catalog.column(origin).map(definition -> definition.type());
            if (type.isEmpty() || type.get().trim().equalsIgnoreCase("UUID")) {
                return true;
            }
        }
        return false;
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

    /** Window functions over partitioned rows: local when every window is partitioned by one co-location key. */
    private Distribution window(Window window, Distribution input) {
        if (!(input instanceof Partitioned partitioned)) {
            return input;
        }
        List<Set<Integer>> partitionFields = window.groups.stream().map(group -> Set.copyOf(group.keys.asList())).toList();
        Optional<Partitioned> local = localWindows(window, partitioned, partitionFields);
        if (local.isEmpty()) {
            return new NotDistributable(WINDOWS_NOT_LOCAL + (repartitioning ? REPARTITION_NEEDS_KEY : ""));
        }
        // a Window node passes its input's fields through first, so the input's keys stay where they are
        return local.get();
    }

    /**
     * The input's distribution under windows partitioned by {@code partitionFields} (one set of input
     * fields per window): the input itself when a co-location key is in every window's partitioning,
     * else, with repartitioning, the input moved by the hash of a field in every window's partitioning;
     * empty when neither works.
     */
    private Optional<Partitioned> localWindows(RelNode node, Partitioned input, List<Set<Integer>> partitionFields) {
        for (KeyField key : input.keys()) {
            if (partitionFields.stream().allMatch(fields -> fields.contains(key.field()))) {
                return Optional.of(input);
            }
        }
        if (!repartitioning || partitionFields.isEmpty()) {
            return Optional.empty();
        }
        List<RelDataTypeField> fields = node.getInput(0).getRowType().getFieldList();
        for (int field : new TreeSet<>(partitionFields.get(0))) {
            RelDataType type = fields.get(field).getType();
            Optional<String> keyType = Repartition.keyType(type, type);
            if (keyType.isPresent() && partitionFields.stream().allMatch(set -> set.contains(field))) {
                Repartition moved = repartitionInput(node, 0, field, keyType.get(), newGroup());
                return Optional.of(new Partitioned(Set.of(new KeyField(field, moved.group())), input.tables()));
            }
        }
        return Optional.empty();
    }

    /** The input fields a window's PARTITION BY names directly (expressions other than columns are left out). */
    private static Set<Integer> partitionFields(List<RexNode> partitionKeys) {
        Set<Integer> fields = new HashSet<>();
        for (RexNode key : partitionKeys) {
            if (key instanceof RexInputRef ref) {
                fields.add(ref.getIndex());
            }
        }
        return fields;
    }

    /** Records that input {@code input} of {@code node} moves by the hash of {@code field}; returns the exchange. */
    private Repartition repartitionInput(RelNode node, int input, int field, String keyType, String group) {
        Repartition repartition = new Repartition(field, keyType, group);
        repartitions.computeIfAbsent(node, n -> new java.util.HashMap<>()).put(input, repartition);
        return repartition;
    }

    private String newGroup() {
        return "repartition " + nextGroup++;
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
            // the partial rows group by every column of every grouping set; the server groups them by each set
            try {
                merges.put(aggregate, new AggregateMerge(splitter.split(aggregate), OptionalLong.empty(), Optional.empty()));
                return new Single();
            } catch (NotDistributableException e) {
                return new NotDistributable(e.reason() + " (GROUPING SETS, ROLLUP and CUBE are distributed only with"
                        + " aggregates that split)");
            }
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
        AggregateSplit split;
        try {
            split = splitter.split(aggregate);
        } catch (NotDistributableException e) {
            // rows moved by the hash of a group field put each group whole on one worker
            List<RelDataTypeField> fields = aggregate.getInput().getRowType().getFieldList();
            for (int i = 0; repartitioning && i < groupFields.size(); i++) {
                RelDataType type = fields.get(groupFields.get(i)).getType();
                Optional<String> keyType = Repartition.keyType(type, type);
                if (keyType.isPresent()) {
                    Repartition moved = repartitionInput(aggregate, 0, groupFields.get(i), keyType.get(), newGroup());
                    return new Partitioned(Set.of(new KeyField(i, moved.group())), partitioned.tables());
                }
            }
            return new NotDistributable(e.reason());
        }
        AggregateMerge merge = merge(aggregate, split);
        merges.put(aggregate, merge);
        if (merge.repartition().isPresent()) {
            Repartition moved = merge.repartition().get();
            return new Partitioned(Set.of(new KeyField(moved.field(), moved.group())), partitioned.tables());
        }
        return new Single();
    }

    /**
     * Where the final step of a split aggregate runs: on the workers, repartitioned by the first group
     * key that hashes, when the partial groups (group keys and DISTINCT arguments) are estimated to
     * be more than {@link PlannerSettings#aggregateRepartitionGroups}; else on the server.
     */
    private AggregateMerge merge(Aggregate aggregate, AggregateSplit split) {
        List<Integer> groupFields = aggregate.getGroupSet().asList();
        List<Integer> partialGroupFields = new ArrayList<>(groupFields);
        partialGroupFields.addAll(split.distinctFields());
        OptionalLong estimate = estimator.distinctCombinations(aggregate.getInput(), partialGroupFields);
        if (estimate.isPresent() && estimate.getAsLong() > settings.aggregateRepartitionGroups()) {
            List<RelDataTypeField> fields = aggregate.getInput().getRowType().getFieldList();
            for (int i = 0; i < groupFields.size(); i++) {
                RelDataType type = fields.get(groupFields.get(i)).getType();
                Optional<String> keyType = Repartition.keyType(type, type);
                if (keyType.isPresent()) {
                    // the partial rows' group columns come first, in group order: field i of both
                    return new AggregateMerge(split, estimate, Optional.of(new Repartition(i, keyType.get(), newGroup())));
                }
            }
        }
        return new AggregateMerge(split, estimate, Optional.empty());
    }

    private Distribution setOp(SetOp setOp, List<Distribution> inputs) {
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
        if (inputs.stream().allMatch(d -> d instanceof Partitioned)) {
            Optional<KeyField> shared = sharedKey(inputs);
            if (shared.isPresent()) {
                // equal rows are equal in that column, a co-location key of one group in every input: on one shard
                SortedSet<String> tables = new TreeSet<>();
                inputs.forEach(d -> tables.addAll(((Partitioned) d).tables()));
                return new Partitioned(Set.of(shared.get()), tables);
            }
        }
        if (repartitioning) {
            // equal rows are equal in every column: moved by the hash of one column, they meet on one worker
            // (replicated inputs and sub-query results move from the server)
            int columns = setOp.getRowType().getFieldCount();
            for (int column = 0; column < columns; column++) {
                Optional<String> keyType = keyType(setOp, column);
                if (keyType.isPresent()) {
                    String group = newGroup();
                    SortedSet<String> tables = new TreeSet<>();
                    for (int i = 0; i < inputs.size(); i++) {
                        if (inputs.get(i) instanceof Partitioned partitioned) {
                            tables.addAll(partitioned.tables());
                        }
                        repartitionInput(setOp, i, column, keyType.get(), group);
                    }
                    return new Partitioned(Set.of(new KeyField(column, group)), tables);
                }
            }
        }
        return new NotDistributable("UNION, INTERSECT and EXCEPT over partitioned tables are distributed only as UNION ALL"
                + " of partitioned inputs" + (repartitioning ? ", or with a column" + REPARTITION_NEEDS_KEY : ""));
    }

    /** A co-location key that is the same column of every input, in the same group. */
    private static Optional<KeyField> sharedKey(List<Distribution> inputs) {
        for (KeyField key : ((Partitioned) inputs.get(0)).keys()) {
            if (inputs.stream().allMatch(d -> ((Partitioned) d).keys().contains(key))) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /**
     * The type column {@code column} hashes as in every input of {@code setOp}: the same for the first
     * input compared with each input (itself included, which checks a lone input's type too).
     */
    private Optional<String> keyType(SetOp setOp, int column) {
        RelNode first = setOp.getInput(0);
        Optional<String> keyType = keyType(first, column, first, column);
        for (RelNode input : setOp.getInputs()) {
            if (!keyType(first, column, input, column).equals(keyType)
                    || !keyType(input, column, input, column).equals(keyType)) {
                return Optional.empty();
            }
        }
        return keyType;
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
