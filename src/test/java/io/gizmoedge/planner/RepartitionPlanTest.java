package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.catalog.ColocationKey;
import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.catalog.TableDistribution;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Queries whose operators are not co-located on the tables' distribution keys: joins on other
 * columns, self-joins, aggregates that cannot be split, windows and set operations over partitioned
 * rows. Each is planned with rows repartitioned by hash between the workers, run through the stage
 * scheduler over real DuckDB shards, and compared with the single-node answer.
 */
class RepartitionPlanTest extends ShardedPlanningTest {
    /** No side of a join is broadcast, however small: the test data's joins repartition (BroadcastJoinPlanTest broadcasts). */
    private static final PlannerSettings NO_BROADCAST = new PlannerSettings(PlannerSettings.NEVER, 0);

    @Override
    protected PlannerSettings settings() {
        return NO_BROADCAST;
    }
    static Stream<Arguments> repartitionedQueries() {
        return Stream.of(
                // name, ordered result, SQL
                Arguments.of("join of two partitioned tables on non-key columns", false,
                        "SELECT c_nationkey, count(*) AS n, sum(o_totalprice) AS total FROM customer"
                                + " JOIN orders ON c_nationkey = o_shippriority GROUP BY c_nationkey"),
                Arguments.of("self-join on a non-key column", false,
                        "SELECT count(*) AS n, sum(o1.o_totalprice - o2.o_totalprice) AS d FROM orders o1"
                                + " JOIN orders o2 ON o1.o_shippriority = o2.o_shippriority AND o1.o_orderkey < o2.o_orderkey"),
                Arguments.of("join on a date and an integer of different declared types", false,
                        "SELECT l_linenumber, count(*) AS n FROM lineitem JOIN orders"
                                + " ON l_shipdate = o_orderdate AND l_linenumber = o_shippriority GROUP BY l_linenumber"),
                Arguments.of("INTEGER joined with BIGINT", false,
                        "SELECT count(*) AS n FROM customer JOIN orders ON c_nationkey = o_orderkey"),
                Arguments.of("LEFT join keeps unmatched rows once", false,
                        "SELECT o1.o_orderkey, count(o2.o_orderkey) AS n FROM orders o1"
                                + " LEFT JOIN orders o2 ON o1.o_custkey = o2.o_orderkey GROUP BY o1.o_orderkey"),
                Arguments.of("RIGHT join on text", false,
                        "SELECT count(*) AS n, count(l_orderkey) AS matched FROM lineitem"
                                + " RIGHT JOIN orders ON l_returnflag = o_orderstatus AND l_linenumber = 1"),
                Arguments.of("FULL join with NULL keys on both sides", false,
                        "SELECT count(*) AS n, count(c_custkey) AS customers, count(o_orderkey) AS orders FROM customer"
                                + " FULL JOIN orders ON c_acctbal = o_totalprice"),
                Arguments.of("FULL join on a non-key column", false,
                        "SELECT count(*) AS n, count(c_custkey) AS customers, count(o_orderkey) AS orders FROM customer"
                                + " FULL JOIN orders ON c_nationkey = o_shippriority + 5"),
                Arguments.of("LEFT join whose preserved side is replicated", false,
                        "SELECT n_name, count(c_custkey) AS customers FROM nation LEFT JOIN customer"
                                + " ON n_nationkey = c_nationkey GROUP BY n_name"),
                Arguments.of("RIGHT join whose preserved side is replicated", false,
                        "SELECT count(*) AS n, count(o_orderkey) AS matched FROM orders RIGHT JOIN nation"
                                + " ON o_shippriority = n_nationkey"),
                Arguments.of("FULL join of a sub-query result with a partitioned table", false,
                        "SELECT count(*) AS n, count(l_suppkey) AS lines, count(s) AS suppliers FROM"
                                + " (SELECT l_suppkey AS s, sum(l_quantity) AS q FROM lineitem GROUP BY l_suppkey) t"
                                + " FULL JOIN lineitem ON s = l_linenumber"),
                Arguments.of("INTERSECT of a partitioned and a replicated input", false,
                        "SELECT o_custkey AS v FROM orders INTERSECT ALL SELECT p_size FROM part"),
                Arguments.of("join chain: repartitioned twice", false,
                        "SELECT c_mktsegment, count(*) AS n FROM lineitem JOIN orders ON l_suppkey = o_shippriority"
                                + " JOIN customer ON c_nationkey = l_linenumber GROUP BY c_mktsegment"),
                Arguments.of("self-join beside a broadcast scalar sub-query", false,
                        "SELECT count(*) AS n FROM orders o1 JOIN orders o2 ON o1.o_shippriority = o2.o_shippriority"
                                + " WHERE o1.o_totalprice > (SELECT avg(o_totalprice) FROM orders)"),
                Arguments.of("repartitioned join under ORDER BY and LIMIT", true,
                        "SELECT o1.o_orderkey, o2.o_orderkey AS other, o1.o_totalprice FROM orders o1"
                                + " JOIN orders o2 ON o1.o_orderdate = o2.o_orderdate AND o1.o_orderkey <> o2.o_orderkey"
                                + " ORDER BY o1.o_totalprice DESC, o1.o_orderkey, other LIMIT 5"),
                Arguments.of("aggregate that cannot be split, grouped by a non-key", false,
                        "SELECT l_returnflag, bit_xor(DISTINCT l_partkey) AS x FROM lineitem GROUP BY l_returnflag"),
                Arguments.of("quantiles grouped by a non-key: their fractions stay literals where the rows arrive", false,
                        "SELECT l_returnflag, quantile_cont(l_extendedprice, 0.9) AS p90, quantile_disc(l_quantity, 0.5) AS p50,"
                                + " quantile(l_linenumber, 0.25) FILTER (WHERE l_shipmode = 'AIR') AS p25 FROM lineitem"
                                + " GROUP BY l_returnflag"),
                Arguments.of("literal columns of moved rows are computed where they arrive", false,
                        "SELECT o1.k, o1.marker, o1.scale * count(*) AS n FROM (SELECT o_shippriority AS k, 'x' AS marker,"
                                + " 2 AS scale FROM orders) o1 JOIN orders o2 ON o1.k = o2.o_shippriority GROUP BY 1, 2, o1.scale"),
                Arguments.of("COUNT(DISTINCT) beside an unsplittable aggregate", false,
                        "SELECT l_suppkey, count(DISTINCT l_partkey) AS parts, mode(l_linenumber) AS m FROM lineitem"
                                + " GROUP BY l_suppkey"),
                Arguments.of("window partitioned by a non-key column", false,
                        "SELECT l_orderkey, l_linenumber, rank() OVER (PARTITION BY l_suppkey"
                                + " ORDER BY l_extendedprice DESC, l_orderkey, l_linenumber) AS r FROM lineitem"),
                Arguments.of("two windows sharing a partition column", false,
                        "SELECT l_orderkey, l_linenumber, count(*) OVER (PARTITION BY l_returnflag) AS n,"
                                + " sum(l_quantity) OVER (PARTITION BY l_returnflag, l_linestatus) AS q FROM lineitem"),
                Arguments.of("UNION of two partitioned queries", false,
                        "SELECT count(*) AS n FROM (SELECT l_suppkey FROM lineitem UNION SELECT o_custkey FROM orders) t"),
                Arguments.of("INTERSECT and EXCEPT", false,
                        "SELECT (SELECT count(*) FROM (SELECT l_partkey FROM lineitem INTERSECT SELECT o_custkey FROM orders) a)"
                                + " AS common, (SELECT count(*) FROM (SELECT o_custkey FROM orders"
                                + " EXCEPT SELECT l_suppkey FROM lineitem) b) AS only_orders"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repartitionedQueries")
    void repartitionedPlanGivesTheSingleNodeAnswer(String name, boolean ordered, String sql) throws Exception {
        assertThat(QueryResultTable.run(planning.database.singleNode(), sql).rows())
                .as("the test data gives %s rows", name).isNotEmpty();
        DistributedPlan plan = planning.assertDistributedAndExact(name, sql, ordered);
        assertThat(plan.stages()).as("stages of %s", name).anyMatch(Stage::repartitioned);
        assertThat(plan.stages()).filteredOn(Stage::repartitioned).extracting(Stage::explanation)
                .allMatch(explanation -> explanation.matches(".*about [0-9,]+ rows estimated.*"));
        assertThat(new PlanExplainer().explain(plan)).extracting(ExplainRow::exchange)
                .anyMatch(exchange -> exchange.startsWith(PlanExplainer.REPARTITION + " BY hash("));
    }

    @Test
    void literalColumnsDoNotTravelAndAQuantilesFractionStaysALiteral() throws Exception {
        String sql = "SELECT l_returnflag, 'x' AS marker, quantile_cont(l_extendedprice, 0.9) AS p90 FROM lineitem"
                + " GROUP BY l_returnflag";
        DistributedPlan plan = planning.assertDistributedAndExact("quantile", sql, false);
        Stage moved = plan.stages().stream().filter(Stage::repartitioned).findFirst().orElseThrow();
        assertThat(moved.sql()).doesNotContain("0.9").doesNotContain("'x'");
        assertThat(plan.resultStage().sql()).contains("QUANTILE_CONT(\"x1\", 0.9)");
    }

    /** Sub-queries whose decorrelated joins are not on co-location keys: distributed, with or without moving rows. */
    static Stream<String> subQueries() {
        return Stream.of(
                "SELECT o_orderkey, o_custkey IN (SELECT l_suppkey FROM lineitem) AS x FROM orders",
                "SELECT count(*) AS n FROM orders WHERE o_custkey NOT IN (SELECT l_suppkey FROM lineitem)",
                "SELECT count(*) AS n FROM customer WHERE c_nationkey NOT IN (SELECT o_orderkey FROM orders)",
                "SELECT count(*) AS n FROM customer JOIN orders ON CAST(c_nationkey AS BIGINT) = o_orderkey",
                "SELECT o_orderkey, EXISTS (SELECT 1 FROM lineitem WHERE l_suppkey = o_custkey) AS x FROM orders",
                "SELECT count(*) AS n FROM orders WHERE o_totalprice > ALL"
                        + " (SELECT l_extendedprice FROM lineitem WHERE l_suppkey = o_custkey)",
                "SELECT count(*) AS n FROM customer WHERE c_custkey IN (SELECT o_custkey FROM orders) OR c_acctbal > 100",
                "SELECT c_custkey, (SELECT count(*) FROM orders WHERE o_shippriority = c_nationkey) AS n FROM customer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subQueries")
    void subQueryOffTheKeysGivesTheSingleNodeAnswer(String sql) throws Exception {
        planning.assertDistributedAndExact(sql, sql, false);
    }

    @Test
    void coLocatedJoinsAndWindowsMoveNoRows() throws Exception {
        for (String sql : List.of(
                "SELECT count(*) AS n FROM orders JOIN lineitem ON o_orderkey = l_orderkey",
                "SELECT o_custkey, o_orderkey, rank() OVER (PARTITION BY o_custkey ORDER BY o_totalprice DESC, o_orderkey) AS r"
                        + " FROM orders",
                "SELECT count(*) AS n FROM (SELECT o_custkey FROM orders UNION SELECT c_custkey FROM customer) t",
                "SELECT o_custkey, o_orderkey FROM orders INTERSECT SELECT o_custkey, o_orderkey FROM orders"
                        + " WHERE o_totalprice > 20000")) {
            assertThat(planning.assertDistributedAndExact(sql, sql, false).stages()).as(sql)
                    .noneMatch(Stage::repartitioned);
        }
    }

    @Test
    void uuidsComparedWithTextAreNotHashedAsText() throws Exception {
        // DuckDB compares a UUID with text as UUIDs: 'A0EEBC99-…' equals the UUID a0eebc99-…, whose text differs
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            ShardedTestDatabase.execute(connection, "CREATE TABLE devices (id BIGINT, device UUID)");
            ShardedTestDatabase.execute(connection, "CREATE TABLE readings (id BIGINT, device VARCHAR)");
            List<TableDefinition> tables = List.of(
                    new TableDefinition("devices", TableDistribution.PARTITIONED, List.of(new ColocationKey("id", "d")),
                            List.of(new ColumnDefinition("id", "BIGINT"), new ColumnDefinition("device", "UUID")), 0),
                    new TableDefinition("readings", TableDistribution.PARTITIONED, List.of(new ColocationKey("id", "r")),
                            List.of(new ColumnDefinition("id", "BIGINT"), new ColumnDefinition("device", "VARCHAR")), 0));
            QueryPlanner uuidPlanner = new QueryPlanner(tables, sql -> QueryResultTable.describe(connection, sql), NO_BROADCAST);

            QueryPlan onText = uuidPlanner.plan("SELECT count(*) FROM devices d JOIN readings r ON d.device = r.device");
            assertThat(onText).as(onText.summary()).isInstanceOf(ServerPlan.class);

            // a set operation of a UUID and a text column compares them as UUIDs too
            QueryPlan union = uuidPlanner.plan("SELECT device FROM devices UNION SELECT device FROM readings");
            assertThat(union).as(union.summary()).isInstanceOf(ServerPlan.class);

            QueryPlan onNumbers = uuidPlanner.plan(
                    "SELECT count(*) FROM devices d JOIN readings r ON d.device = r.device AND d.id = r.id + 1");
            assertThat(onNumbers).as(onNumbers.summary()).isInstanceOf(DistributedPlan.class);
            assertThat(((DistributedPlan) onNumbers).stages()).filteredOn(Stage::repartitioned)
                    .allSatisfy(stage -> assertThat(stage.repartitionBy()).singleElement().asString().endsWith("AS BIGINT)"));
        }
    }

    @Test
    void aJoinOnlyOnFloatingPointColumnsStaysOnTheServer() throws Exception {
        QueryPlan plan = planning.planner.plan("SELECT count(*) FROM orders o1 JOIN orders o2 ON o1.o_weight = o2.o_weight");
        assertThat(plan).isInstanceOf(ServerPlan.class);
        assertThat(((ServerPlan) plan).reason()).isEqualTo("the join of orders and orders is not on co-location keys,"
                + " and it has no equality of integer, decimal, text, date, timestamp or boolean columns to repartition rows by");
    }
}
