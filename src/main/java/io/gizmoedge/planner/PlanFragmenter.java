package io.gizmoedge.planner;

import io.gizmoedge.engine.SqlNames;
import io.gizmoedge.planner.Distribution.KeyField;
import io.gizmoedge.planner.Distribution.Partitioned;
import io.gizmoedge.planner.Distribution.Replicated;
import io.gizmoedge.planner.Distribution.Single;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.tools.RelBuilder;

/**
 * Cuts an analysed relational tree into the stages of a {@link DistributedPlan}: the
 * {@link ExchangePlacer} puts the {@link Exchange}s into it, and each exchange becomes a stage whose
 * result the part above it reads as a table:
 * <ul>
 *   <li>a split aggregate: partial aggregates on the workers, the {@link FinalAggregate} on the
 *       server, or on the workers after a repartition;</li>
 *   <li>a gather: the workers' rows (or their top-N) to the server;</li>
 *   <li>a broadcast: rows whole to every worker, from the workers or computed once on the server;</li>
 *   <li>a repartition: rows divided by the hash of one field where they are computed;</li>
 *   <li>the last stage gives the columns the names and DuckDB types of the single-node answer and
 *       its order: on every worker for a partitioned result with no order, on the server for a
 *       result that reads earlier stages' results (and perhaps replicated tables, which the
 *       server holds too).</li>
 * </ul>
 * A query over replicated tables only is one stage on one worker, the query as written.
 * One instance per planned query: it accumulates the stages.
 */
final class PlanFragmenter {
    static final String RESULT_STAGE = "result";

    private final Catalog catalog;
    private final DistributionAnalyzer analyzer;
    private final SchemaDescriber describer;
    private final WorkerSqlGenerator workerSqlGenerator = new WorkerSqlGenerator();
    private final List<Stage> stages = new ArrayList<>();
    private final SortedSet<String> partitionedTables = new TreeSet<>();
    /** The fragment above each exchange cut so far: a sub-query placed once is cut once. */
    private final Map<Exchange, Fragment> cutExchanges = new IdentityHashMap<>();
    private ExchangePlacer.Placement placement;
    private final Map<String, Fragment> broadcasts = new HashMap<>();
    private final java.util.Set<String> stageNames = new java.util.HashSet<>();
    private int nextNumber = 1;

    PlanFragmenter(Catalog catalog, DistributionAnalyzer analyzer, SchemaDescriber describer) {
        this.catalog = catalog;
        this.analyzer = analyzer;
        this.describer = describer;
    }

    /**
     * The plan for {@code root}, the tree of {@code query}, whose answer has {@code resultColumns}
     * (names and types from single-node DuckDB).
     */
    DistributedPlan cut(RelRoot root, List<ResultColumn> resultColumns, String query) throws NotDistributableException {
        if (analyzer.analyze(root.rel) instanceof Replicated) {
            // the worker holds every table the query reads, whole: the query as written is the answer,
            // and DuckDB plans it better than the rewritten tree (decorrelated sub-queries, as in Q2)
            stages.add(new Stage(RESULT_STAGE, StageLocation.ONE_WORKER, query, List.of(),
                    "one worker computes the answer from replicated tables"));
            return new DistributedPlan(stages, List.copyOf(partitionedTables), describe(stages));
        }
        placement = new ExchangePlacer(analyzer).place(root);
        Fragment top = fragment(placement.root());
        StageLocation location;
        String explanation;
        if (top.distribution() instanceof Partitioned p) {
            location = StageLocation.WORKERS;
            explanation = "every worker computes its part of the answer over " + String.join(", ", p.tables());
            partitionedTables.addAll(p.tables());
        } else {
            // the earlier stages' results are on the server already, and it holds every replicated table
            location = StageLocation.SERVER;
            explanation = "the server computes the answer from the earlier stages' results"
                    + (readsCatalogTables(top.rel()) ? " and replicated tables" : "");
        }
        String sql = resultSql(top, root, resultColumns);
        stages.add(new Stage(RESULT_STAGE, location, sql, List.copyOf(top.inputs()), explanation));
        return new DistributedPlan(stages, List.copyOf(partitionedTables), describe(stages));
    }

    /** The last stage's SQL: the fragment's tree, its columns renamed and cast to single-node DuckDB's. */
    private static String resultSql(Fragment top, RelRoot root, List<ResultColumn> resultColumns) {
        String body = DuckDbSqlWriter.toSql(rename(top.rel(), StageColumn.RESULT));
        Map<String, String> common = new LinkedHashMap<>(top.commonTables());
        common.put(RESULT_STAGE, body);
        List<String> fields = root.fields.stream().map(field -> StageColumn.RESULT.name(field.getKey())).toList();
        String select = DuckDbSqlWriter.castColumns(fields, resultColumns, SqlNames.quote(RESULT_STAGE));
        return new Fragment(top.rel(), top.distribution(), common, top.inputs()).sql(select + orderBy(root.collation));
    }

    /** The placed subtree {@code node} as a fragment: cut into stages at its exchanges. */
    private Fragment fragment(RelNode node) throws NotDistributableException {
        if (node instanceof Exchange exchange) {
            Fragment known = cutExchanges.get(exchange);
            if (known == null) {
                known = cut(exchange);
                cutExchanges.put(exchange, known); // a sub-query placed once is read through one stage
            }
            return known;
        }
        List<RelNode> inputs = new ArrayList<>();
        Map<String, String> common = new LinkedHashMap<>();
        SortedSet<String> stageInputs = new TreeSet<>();
        for (RelNode placedInput : node.getInputs()) {
            Fragment input = fragment(placedInput);
            inputs.add(input.rel());
            common.putAll(input.commonTables());
            stageInputs.addAll(input.inputs());
        }
        RelNode rel = inputs.isEmpty() ? node : node.copy(node.getTraitSet(), inputs);
        return new Fragment(rel, placement.of(node), common, stageInputs);
    }

    /** The stage below {@code exchange}, and the fragment that reads its result above it. */
    private Fragment cut(Exchange exchange) throws NotDistributableException {
        if (exchange.split().isPresent()) {
            Aggregate onWorkers = (Aggregate) exchange.getInput();
            return splitAggregate(exchange.split().get(), fragment(onWorkers.getInput()));
        }
        Fragment input = fragment(exchange.getInput());
        return switch (exchange.kind()) {
            case GATHER -> gather(input, gathered(exchange.getInput()));
            case BROADCAST -> input.distribution() instanceof Partitioned
                    ? broadcastPartitioned(input, exchange.estimatedRows()) : broadcast(input);
            case REPARTITION -> repartition(input, exchange.repartition().orElseThrow(), exchange.estimatedRows());
        };
    }

    /** What a gather sends, for EXPLAIN: a per-worker top-N or LIMIT, or all rows. */
    private static String gathered(RelNode input) {
        if (input instanceof Sort sort && sort.fetch != null) {
            return sort.getCollation().getFieldCollations().isEmpty() ? "rows up to the LIMIT" : "top-N rows";
        }
        return "rows";
    }

    /**
     * Partial aggregates on every worker; the final aggregate, with single-node column types, on the
     * server, or, when the analysis chose so for many groups, on the workers over the partial rows
     * repartitioned by a group key (the result is then partitioned by that key).
     */
    private Fragment splitAggregate(Exchange.Split splitAggregate, Fragment input) throws NotDistributableException {
        Aggregate aggregate = splitAggregate.original();
        AggregateMerge merge = splitAggregate.merge();
        AggregateSplit split = merge.split();
        Aggregate onWorkers = (Aggregate) aggregate.copy(aggregate.getTraitSet(), List.of(input.rel()));
        String partial = newName("partial");
        Partitioned partitioned = (Partitioned) input.distribution();
        partitionedTables.addAll(partitioned.tables());
        String over = String.join(", ", partitioned.tables()) + " (" + merge.describeEstimate() + ")";
        RelNode partialRows = workerSqlGenerator.partialAggregate(onWorkers, split);
        String partialSql = input.sql(DuckDbSqlWriter.toSql(partialRows));
        Optional<Repartition> repartition = merge.repartition();
        if (repartition.isPresent()) {
            String key = aggregate.getInput().getRowType().getFieldNames().get(aggregate.getGroupSet().nth(repartition.get().field()));
            stages.add(new Stage(partial, StageLocation.WORKERS, partialSql, List.copyOf(input.inputs()),
                    "every worker computes partial aggregates over " + over + " and sends each to the worker chosen by"
                            + " the hash of " + key + ", which merges them",
                    List.of(repartition.get().hashedExpression(StageColumn.GROUP))));
        } else {
            stages.add(new Stage(partial, StageLocation.WORKERS, partialSql, List.copyOf(input.inputs()),
                    "every worker computes partial aggregates over " + over + "; the server merges them"));
        }
        List<ResultColumn> aggregateColumns = describe(workerSqlGenerator.completeAggregate(aggregate));
        if (aggregateColumns.size() != aggregate.getRowType().getFieldCount()) {
            throw new NotDistributableException("the planner's aggregate columns do not match DuckDB's");
        }
        String merged = newName("merged");
        List<ResultColumn> mergedColumns = new ArrayList<>();
        for (int i = 0; i < aggregateColumns.size(); i++) {
            mergedColumns.add(new ResultColumn(StageColumn.AGGREGATE.name(i), aggregateColumns.get(i).type()));
        }
        // the final aggregate, cast to the types single-node DuckDB gives the aggregate
        String finalSql = DuckDbSqlWriter.castColumns(StageColumn.AGGREGATE.names(mergedColumns.size()), mergedColumns,
                "(" + DuckDbSqlWriter.toSql(FinalAggregate.over(scan(partialRows, partial), aggregate, split)) + ") AS "
                        + SqlNames.quote(merged));
        RelNode scan = scan(aggregate, merged, StageColumn.AGGREGATE);
        Distribution distribution = repartition.<Distribution>map(moved -> new Partitioned(
                Set.of(new KeyField(moved.field(), moved.group())), partitioned.tables())).orElse(new Single());
        return new Fragment(scan, distribution, Map.of(merged, finalSql), new TreeSet<>(List.of(partial)));
    }

    /** A workers stage with the fragment's rows, read on the server. */
    private Fragment gather(Fragment input, String what) {
        Partitioned partitioned = (Partitioned) input.distribution();
        partitionedTables.addAll(partitioned.tables());
        String name = newName("gather");
        stages.add(new Stage(name, StageLocation.WORKERS, input.sql(DuckDbSqlWriter.toSql(rename(input.rel(), StageColumn.ROW))),
                List.copyOf(input.inputs()), "every worker sends its " + what + " of "
                        + String.join(", ", partitioned.tables()) + " to the server"));
        return new Fragment(scan(input.rel(), name, StageColumn.ROW), new Single(), Map.of(), new TreeSet<>(List.of(name)));
    }

    /**
     * A workers stage with the fragment's rows, moved to the workers by the hash of one field: the
     * stages that read it run on every worker over the rows that hash to that worker.
     */
    private Fragment repartition(Fragment input, Repartition repartition, OptionalLong estimatedRows) {
        String name = newName("repartition");
        String column = input.rel().getRowType().getFieldNames().get(repartition.field()) + aboutRows(estimatedRows);
        ConstantColumns constants = ConstantColumns.of(input.rel(), repartition.field());
        RelNode moved = constants.withoutThem(input.rel());
        List<String> hashed = List.of(new Repartition(constants.movedField(repartition.field()), repartition.keyType(),
                repartition.group()).hashedExpression(StageColumn.ROW));
        SortedSet<String> tables = new TreeSet<>();
        if (input.distribution() instanceof Partitioned partitioned) {
            tables.addAll(partitioned.tables());
            partitionedTables.addAll(tables);
            stages.add(new Stage(name, StageLocation.WORKERS, input.sql(DuckDbSqlWriter.toSql(rename(moved, StageColumn.ROW))),
                    List.copyOf(input.inputs()), "every worker sends its rows of " + String.join(", ", tables)
                            + " to the worker chosen by the hash of " + column, hashed));
        } else {
            // replicated rows, or a sub-query result: the server holds them whole, so it computes them once
            String sql = input.sql(DuckDbSqlWriter.toSql(rename(moved, StageColumn.ROW)));
            stages.add(new Stage(name, StageLocation.SERVER, sql, List.copyOf(input.inputs()),
                    "the server sends each worker the rows chosen by the hash of " + column, hashed));
        }
        Partitioned arrived = new Partitioned(Set.of(new KeyField(repartition.field(), repartition.group())), tables);
        return new Fragment(constants.putBack(input.rel(), scan(moved, name, StageColumn.ROW)), arrived, Map.of(),
                new TreeSet<>(List.of(name)));
    }

    /**
     * The literal columns of rows about to move (a project's fields that are literals): they are not
     * sent but computed again where the rows arrive. Besides saving bytes, this keeps a literal
     * argument of an aggregate above the exchange a literal ({@code quantile_cont(x, 0.9)}: DuckDB
     * wants the fraction constant).
     *
     * @param fields the positions of the literal fields, ascending; empty when nothing is left out
     */
    private record ConstantColumns(List<Integer> fields) {
        /** The literal fields of {@code rel} other than {@code key}, which moves with the rows. */
        static ConstantColumns of(RelNode rel, int key) {
            if (!(rel instanceof Project project)) {
                return new ConstantColumns(List.of());
            }
            List<Integer> fields = new ArrayList<>();
            for (int i = 0; i < project.getProjects().size(); i++) {
                if (i != key && project.getProjects().get(i) instanceof RexLiteral) {
                    fields.add(i);
                }
            }
            return new ConstantColumns(List.copyOf(fields));
        }

        /** The position of {@code field} (not a constant) among the moved fields. */
        int movedField(int field) {
            return field - (int) fields.stream().filter(constant -> constant < field).count();
        }

        /** {@code rel} without the constant fields. */
        RelNode withoutThem(RelNode rel) {
            if (fields.isEmpty()) {
                return rel;
            }
            Project project = (Project) rel;
            List<RexNode> kept = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < project.getProjects().size(); i++) {
                if (!fields.contains(i)) {
                    kept.add(project.getProjects().get(i));
                    names.add(project.getRowType().getFieldNames().get(i));
                }
            }
            RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null);
            return builder.push(project.getInput()).project(kept, names, true).build();
        }

        /** The moved rows {@code arrived} with the constant fields of {@code rel} back in their places. */
        RelNode putBack(RelNode rel, RelNode arrived) {
            if (fields.isEmpty()) {
                return arrived;
            }
            Project project = (Project) rel;
            RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null).push(arrived);
            List<RexNode> all = new ArrayList<>();
            for (int i = 0; i < project.getProjects().size(); i++) {
                all.add(fields.contains(i) ? project.getProjects().get(i) : builder.field(movedField(i)));
            }
            return builder.project(all, project.getRowType().getFieldNames(), true).build();
        }
    }

    /**
     * A workers stage with the fragment's rows, sent whole to every worker that runs the stages
     * reading it (through the server), where they act as a replicated table: the small side of a join.
     */
    private Fragment broadcastPartitioned(Fragment input, OptionalLong estimatedRows) {
        Partitioned partitioned = (Partitioned) input.distribution();
        partitionedTables.addAll(partitioned.tables());
        String name = newName("broadcast");
        stages.add(new Stage(name, StageLocation.WORKERS, input.sql(DuckDbSqlWriter.toSql(rename(input.rel(), StageColumn.ROW))),
                List.copyOf(input.inputs()), "every worker sends its rows of " + String.join(", ", partitioned.tables())
                        + aboutRows(estimatedRows) + " for every worker to join whole"));
        return new Fragment(scan(input.rel(), name, StageColumn.ROW), new Replicated(), Map.of(), new TreeSet<>(List.of(name)));
    }

    /** " (about 1,500 rows estimated)" for EXPLAIN, or nothing without an estimate. */
    private static String aboutRows(OptionalLong estimatedRows) {
        return estimatedRows.isEmpty() ? ""
                : String.format(java.util.Locale.ROOT, " (about %,d rows estimated)", estimatedRows.getAsLong());
    }

    /** A single result as a server stage broadcast to the workers, where it acts as a replicated table. */
    private Fragment broadcast(Fragment single) {
        String sql = single.sql(DuckDbSqlWriter.toSql(rename(single.rel(), StageColumn.ROW)));
        Fragment known = broadcasts.get(sql);
        if (known != null) {
            return known;
        }
        String name = newName("broadcast");
        stages.add(new Stage(name, StageLocation.SERVER, sql, List.copyOf(single.inputs()),
                "the server computes a sub-query result for the workers"));
        Fragment replicated = new Fragment(scan(single.rel(), name, StageColumn.ROW), new Replicated(), Map.of(),
                new TreeSet<>(List.of(name)));
        broadcasts.put(sql, replicated);
        return replicated;
    }

    /** True when the tree reads (replicated) catalog tables, not only earlier stages' results. */
    private boolean readsCatalogTables(RelNode rel) {
        return RelOptUtil.findAllTables(rel).stream().anyMatch(table -> {
            List<String> names = table.getQualifiedName();
            return catalog.table(names.get(names.size() - 1)).isPresent()
                    && !stageNames.contains(names.get(names.size() - 1));
        });
    }

    private String newName(String kind) {
        String name = kind + "_" + nextNumber++;
        stageNames.add(name);
        return name;
    }

    /** The relation with its columns renamed to the names of {@code columns} (the names of its stage table). */
    private static RelNode rename(RelNode rel, StageColumn columns) {
        RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null);
        return builder.push(rel).rename(columns.names(rel.getRowType().getFieldCount())).build();
    }

    /** A scan of the table {@code name} with the row type of {@code rel}, its columns named by {@code columns}. */
    private static RelNode scan(RelNode rel, String name, StageColumn columns) {
        RelDataTypeFactory typeFactory = rel.getCluster().getTypeFactory();
        RelDataType type = rel.getRowType();
        RelDataTypeFactory.Builder rowType = typeFactory.builder();
        for (int i = 0; i < type.getFieldCount(); i++) {
            rowType.add(columns.name(i), type.getFieldList().get(i).getType());
        }
        return scan(rel, name, rowType.build());
    }

    /** A scan of the table {@code name} with the row type, column names included, of {@code rel}. */
    private static RelNode scan(RelNode rel, String name) {
        return scan(rel, name, rel.getRowType());
    }

    private static RelNode scan(RelNode rel, String name, RelDataType rowType) {
        return LogicalTableScan.create(rel.getCluster(),
                RelOptTableImpl.create(null, rowType, List.of(name), (Expression) null), List.of());
    }

    private List<ResultColumn> describe(String sql) throws NotDistributableException {
        try {
            return List.copyOf(describer.describe(sql));
        } catch (SQLException e) {
            throw new NotDistributableException("DuckDB could not describe a part of the query: " + SqlFrontEnd.firstLine(e));
        }
    }

    private static String describe(List<Stage> stages) {
        StringJoiner steps = new StringJoiner("; ");
        stages.forEach(stage -> steps.add(stage.explanation()));
        return steps.toString();
    }

    private static String orderBy(RelCollation collation) {
        if (collation.getFieldCollations().isEmpty()) {
            return "";
        }
        StringJoiner orderBy = new StringJoiner(", ", " ORDER BY ", "");
        for (RelFieldCollation key : collation.getFieldCollations()) {
            String term = SqlNames.quote(RESULT_STAGE) + "." + SqlNames.quote(StageColumn.RESULT.name(key.getFieldIndex()))
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
}
