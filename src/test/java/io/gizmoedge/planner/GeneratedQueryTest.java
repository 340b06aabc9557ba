package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queries generated from a fixed seed over the sharded test database: joins (inner and outer, and
 * chains of three tables) on random columns of one kind, groupings, aggregates that cannot be split,
 * windows, set operations and sub-queries, on keys and off them. Every query must plan; every distributed plan must give
 * single-node DuckDB's answer, and nearly all must distribute (the test log reports the share that
 * runs on the server, with the reasons).
 */
class GeneratedQueryTest extends ShardedPlanningTest {
    private static final Logger LOG = LoggerFactory.getLogger(GeneratedQueryTest.class);
    /** The seed and number of queries; other seeds and more queries by hand: -Dgizmo.generated.seed=7 -Dgizmo.generated.queries=400. */
    private static final long SEED = Long.getLong("gizmo.generated.seed", 20261201L);
    private static final int QUERIES = Integer.getInteger("gizmo.generated.queries", 120);

    /** A column of a table, with what kind of values it holds. */
    private record Column(String table, String name, Kind kind) {
    }

    /** Values that compare with each other: integers of any width, text, dates, decimals. */
    private enum Kind { INTEGER, TEXT, DATE, DECIMAL }

    private static final List<Column> COLUMNS = List.of(
            new Column("customer", "c_custkey", Kind.INTEGER), new Column("customer", "c_nationkey", Kind.INTEGER),
            new Column("customer", "c_mktsegment", Kind.TEXT), new Column("customer", "c_acctbal", Kind.DECIMAL),
            new Column("orders", "o_orderkey", Kind.INTEGER), new Column("orders", "o_custkey", Kind.INTEGER),
            new Column("orders", "o_shippriority", Kind.INTEGER), new Column("orders", "o_orderstatus", Kind.TEXT),
            new Column("orders", "o_orderpriority", Kind.TEXT), new Column("orders", "o_orderdate", Kind.DATE),
            new Column("orders", "o_totalprice", Kind.DECIMAL),
            new Column("lineitem", "l_orderkey", Kind.INTEGER), new Column("lineitem", "l_partkey", Kind.INTEGER),
            new Column("lineitem", "l_suppkey", Kind.INTEGER), new Column("lineitem", "l_linenumber", Kind.INTEGER),
            new Column("lineitem", "l_returnflag", Kind.TEXT), new Column("lineitem", "l_shipmode", Kind.TEXT),
            new Column("lineitem", "l_shipdate", Kind.DATE), new Column("lineitem", "l_receiptdate", Kind.DATE),
            new Column("lineitem", "l_quantity", Kind.DECIMAL),
            new Column("part", "p_partkey", Kind.INTEGER), new Column("part", "p_size", Kind.INTEGER),
            new Column("part", "p_brand", Kind.TEXT),
            new Column("supplier", "s_suppkey", Kind.INTEGER), new Column("supplier", "s_nationkey", Kind.INTEGER),
            new Column("nation", "n_nationkey", Kind.INTEGER), new Column("nation", "n_name", Kind.TEXT));

    /**
     * Thresholds that make random queries take every path: groupings by the larger columns (l_partkey
     * has 50 values, o_orderdate 200) are merged on the workers and by the smaller ones on the server;
     * a join side of customer (60 rows) is broadcast, of orders (200) or lineitem repartitioned.
     */
    private static final PlannerSettings SETTINGS = new PlannerSettings(40, 100);

    @Override
    protected PlannerSettings settings() {
        return SETTINGS;
    }

    static Stream<String> queries() {
        Random random = new Random(SEED);
        return IntStream.range(0, QUERIES).mapToObj(i -> generate(random));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void distributedAnswerEqualsSingleNode(String sql) throws Exception {
        QueryPlan plan = planning.planner.plan(sql);
        if (plan instanceof DistributedPlan distributed) {
            ResultAssertions.assertSameResult(planning.runner.run(distributed),
                    QueryResultTable.run(planning.database.singleNode(), sql), false);
        }
    }

    @Test
    void nearlyEveryGeneratedQueryDistributes() throws Exception {
        List<String> onServer = new ArrayList<>();
        int mergedOnWorkers = 0;
        int mergedOnServer = 0;
        int broadcastJoins = 0;
        int repartitionedJoins = 0;
        for (String sql : queries().toList()) {
            QueryPlan plan = planning.planner.plan(sql);
            if (plan instanceof ServerPlan server) {
                onServer.add(server.reason() + " <= " + sql);
            } else {
                for (Stage stage : ((DistributedPlan) plan).stages()) {
                    if (stage.name().startsWith("partial")) {
                        mergedOnWorkers += stage.repartitioned() ? 1 : 0;
                        mergedOnServer += stage.repartitioned() ? 0 : 1;
                    }
                    broadcastJoins += stage.name().startsWith("broadcast") && stage.location() == StageLocation.WORKERS ? 1 : 0;
                    repartitionedJoins += stage.name().startsWith("repartition") ? 1 : 0;
                }
            }
        }
        LOG.info("{} of {} generated queries run on the server{}; split aggregates merged on the workers: {}, on the"
                + " server: {}; partitioned join sides broadcast: {}, inputs repartitioned: {}", onServer.size(), QUERIES,
                onServer.isEmpty() ? "" : ": " + String.join("; ", onServer), mergedOnWorkers, mergedOnServer,
                broadcastJoins, repartitionedJoins);
        assertThat(onServer).as("generated queries planned for the server").hasSizeLessThanOrEqualTo(QUERIES / 20);
        // the estimate chooses both ways among these queries
        assertThat(mergedOnWorkers).as("split aggregates merged on the workers").isGreaterThan(5);
        assertThat(mergedOnServer).as("split aggregates merged on the server").isGreaterThan(5);
        assertThat(broadcastJoins).as("partitioned join sides broadcast").isGreaterThan(5);
        assertThat(repartitionedJoins).as("inputs repartitioned").isGreaterThan(5);
    }

    private static String generate(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> join(random);
            case 1 -> joinChain(random);
            case 2 -> grouping(random);
            case 3 -> window(random);
            case 4 -> setOperation(random);
            case 5 -> splitAggregate(random);
            default -> subQuery(random);
        };
    }

    /**
     * Aggregates that split into partial and final steps: grouped by a random column (sometimes with
     * a HAVING and an ORDER BY ... LIMIT above), or DISTINCT aggregates of one column without GROUP BY.
     */
    private static String splitAggregate(Random random) {
        Column group = pick(random, COLUMNS);
        List<Column> same = columns(group.table());
        Column any = pick(random, same);
        Column number = pick(random, same.stream().filter(c -> c.kind() == Kind.INTEGER || c.kind() == Kind.DECIMAL).toList());
        return switch (random.nextInt(4)) {
            case 0 -> "SELECT " + group.name() + ", count(*) AS n, sum(" + number.name() + ") AS total, avg(" + number.name()
                    + ") AS mean, count(DISTINCT " + any.name() + ") AS d FROM " + group.table() + " GROUP BY " + group.name();
            case 1 -> "SELECT " + group.name() + ", max(" + any.name() + ") AS hi, stddev_samp(" + number.name() + ") AS s FROM "
                    + group.table() + " GROUP BY " + group.name() + " HAVING count(*) > 1 ORDER BY " + group.name()
                    + " NULLS FIRST LIMIT 7";
            case 2 -> "SELECT count(DISTINCT " + group.name() + ") AS d, min(DISTINCT " + group.name() + ") AS lo FROM "
                    + group.table();
            default -> "SELECT count(DISTINCT " + group.name() + ") AS d, sum(DISTINCT " + number.name() + ") AS s FROM "
                    + group.table();
        };
    }

    /** A join of two tables on a random pair of columns of one kind, grouped by a column of the left side. */
    private static String join(Random random) {
        Column left = pick(random, COLUMNS);
        Column right = pick(random, COLUMNS.stream().filter(c -> c.kind() == left.kind()).toList());
        Column group = pick(random, columns(left.table()));
        String type = pick(random, List.of("JOIN", "JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"));
        return "SELECT a." + group.name() + ", count(*) AS n, count(b." + right.name() + ") AS matched FROM "
                + left.table() + " a " + type + " " + right.table() + " b ON a." + left.name() + " = b." + right.name()
                + " GROUP BY a." + group.name();
    }

    /**
     * Three tables joined on random pairs of columns of one kind, the first join on two equalities
     * when the tables allow, filtered, grouped by a column of the last table.
     */
    private static String joinChain(Random random) {
        Column a = pick(random, COLUMNS);
        Column b = pick(random, COLUMNS.stream().filter(c -> c.kind() == a.kind()).toList());
        Column c = pick(random, columns(b.table()));
        Column d = pick(random, COLUMNS.stream().filter(x -> x.kind() == c.kind()).toList());
        List<Column> second = columns(a.table()).stream().filter(x -> x != a).toList();
        Column a2 = pick(random, second);
        List<Column> matching = columns(b.table()).stream().filter(x -> x.kind() == a2.kind() && x != b).toList();
        String extra = matching.isEmpty() ? "" : " AND t1." + a2.name() + " <> t2." + pick(random, matching).name();
        Column group = pick(random, columns(d.table()));
        String type = pick(random, List.of("JOIN", "LEFT JOIN"));
        return "SELECT t3." + group.name() + ", count(*) AS n FROM " + a.table() + " t1 JOIN " + b.table()
                + " t2 ON t1." + a.name() + " = t2." + b.name() + extra + " " + type + " " + d.table() + " t3 ON t2."
                + c.name() + " = t3." + d.name() + " WHERE t1." + a2.name() + " IS NOT NULL GROUP BY t3." + group.name();
    }

    /** A grouping by a random column with aggregates that split and ones that do not. */
    private static String grouping(Random random) {
        Column group = pick(random, COLUMNS);
        List<Column> same = columns(group.table());
        Column integer = pick(random, same.stream().filter(c -> c.kind() == Kind.INTEGER).toList());
        Column any = pick(random, same);
        return "SELECT " + group.name() + ", count(*) AS n, count(DISTINCT " + any.name() + ") AS d, bit_xor(DISTINCT "
                + integer.name() + ") AS x, min(" + any.name() + ") AS lo FROM " + group.table() + " GROUP BY "
                + group.name();
    }

    /** A window partitioned by a random column, ranked by another. */
    private static String window(Random random) {
        Column partition = pick(random, COLUMNS);
        // another column: the answer's two columns need names of their own
        Column order = pick(random, columns(partition.table()).stream().filter(c -> c != partition).toList());
        return "SELECT " + partition.name() + ", " + order.name() + ", rank() OVER (PARTITION BY " + partition.name()
                + " ORDER BY " + order.name() + ") AS r, count(*) OVER (PARTITION BY " + partition.name() + ") AS n FROM "
                + partition.table();
    }

    /** UNION, INTERSECT or EXCEPT of one column each of two tables, with or without ALL. */
    private static String setOperation(Random random) {
        Column first = pick(random, COLUMNS);
        Column second = pick(random, COLUMNS.stream().filter(c -> c.kind() == first.kind()).toList());
        String operation = pick(random, List.of("UNION", "UNION ALL", "INTERSECT", "EXCEPT", "INTERSECT ALL", "EXCEPT ALL"));
        return "SELECT " + first.name() + " AS v FROM " + first.table() + " " + operation + " SELECT " + second.name()
                + " FROM " + second.table();
    }

    /** IN, NOT IN, EXISTS or a correlated count over another table on a random pair of columns. */
    private static String subQuery(Random random) {
        Column outer = pick(random, COLUMNS);
        Column inner = pick(random, COLUMNS.stream().filter(c -> c.kind() == outer.kind()).toList());
        return switch (random.nextInt(4)) {
            case 0 -> "SELECT count(*) AS n FROM " + outer.table() + " WHERE " + outer.name() + " IN (SELECT "
                    + inner.name() + " FROM " + inner.table() + ")";
            case 1 -> "SELECT count(*) AS n FROM " + outer.table() + " WHERE " + outer.name() + " NOT IN (SELECT "
                    + inner.name() + " FROM " + inner.table() + ")";
            case 2 -> "SELECT count(*) AS n FROM " + outer.table() + " o WHERE EXISTS (SELECT 1 FROM " + inner.table()
                    + " i WHERE i." + inner.name() + " = o." + outer.name() + ")";
            default -> "SELECT o." + outer.name() + ", (SELECT count(*) FROM " + inner.table() + " i WHERE i."
                    + inner.name() + " = o." + outer.name() + ") AS n FROM " + outer.table() + " o";
        };
    }

    private static List<Column> columns(String table) {
        return COLUMNS.stream().filter(c -> c.table().equals(table)).toList();
    }

    private static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
