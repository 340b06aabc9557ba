package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plans queries and executes every distributed plan on real DuckDB shards, comparing with the
 * single-node answer on the same data. Each case also asserts the planning decision.
 */
class QueryPlannerTest extends ShardedPlanningTest {
    /** How the planner must split the aggregate. */
    enum Split {
        /** partial aggregates on workers, final aggregate on the server */
        PARTIAL,
        /** grouped by a co-location key: workers run the aggregate whole */
        WHOLE
    }

    static Stream<Arguments> distributedQueries() {
        return Stream.of(
                // name, split, ordered result, SQL
                Arguments.of("SUM", Split.PARTIAL, false, "SELECT sum(l_quantity) AS total FROM lineitem"),
                Arguments.of("COUNT of a column", Split.PARTIAL, false, "SELECT count(l_quantity) FROM lineitem"),
                Arguments.of("COUNT(*)", Split.PARTIAL, false, "SELECT count(*) FROM orders"),
                Arguments.of("MIN and MAX", Split.PARTIAL, false,
                        "SELECT min(o_orderdate), max(o_totalprice), min(o_orderpriority), max(o_weight) FROM orders"),
                Arguments.of("AVG of decimal, double and integer", Split.PARTIAL, false,
                        "SELECT avg(l_quantity) AS q, avg(o_weight) AS w, avg(o_shippriority) AS p"
                                + " FROM lineitem JOIN orders ON l_orderkey = o_orderkey"),
                Arguments.of("arithmetic over aggregates", Split.PARTIAL, false,
                        "SELECT sum(l_extendedprice) / count(*) AS avg_price,"
                                + " sum(l_extendedprice * (1 - l_discount)) - sum(l_tax) AS net,"
                                + " max(l_quantity) - min(l_quantity) AS spread, count(*) * 2 + 1 AS odd"
                                + " FROM lineitem"),
                Arguments.of("integer division stays floating point", Split.PARTIAL, false,
                        "SELECT l_linenumber, sum(l_linenumber) / count(*) AS ratio, count(*) / 3 AS third"
                                + " FROM lineitem GROUP BY l_linenumber"),
                Arguments.of("GROUP BY a non-key column", Split.PARTIAL, false,
                        "SELECT l_returnflag, count(*), sum(l_quantity), avg(l_discount) FROM lineitem GROUP BY l_returnflag"),
                Arguments.of("GROUP BY a co-location key", Split.WHOLE, false,
                        "SELECT o_custkey, count(*) AS n, sum(o_totalprice), avg(o_weight) FROM orders GROUP BY o_custkey"),
                Arguments.of("customers without orders, grouped by key", Split.WHOLE, false,
                        "SELECT c_custkey, c_name, count(o_orderkey) AS orders FROM customer"
                                + " LEFT JOIN orders ON c_custkey = o_custkey GROUP BY c_custkey, c_name"),
                Arguments.of("COUNT(DISTINCT) grouped by a key", Split.WHOLE, false,
                        "SELECT o_custkey, count(DISTINCT o_orderstatus) AS statuses FROM orders GROUP BY o_custkey"),
                Arguments.of("HAVING", Split.PARTIAL, true,
                        "SELECT l_suppkey, sum(l_quantity) AS q FROM lineitem GROUP BY l_suppkey"
                                + " HAVING sum(l_quantity) > 1500 ORDER BY q DESC, l_suppkey"),
                Arguments.of("ORDER BY and LIMIT/OFFSET", Split.PARTIAL, true,
                        "SELECT l_partkey, sum(l_extendedprice) AS revenue FROM lineitem GROUP BY l_partkey"
                                + " ORDER BY revenue DESC, l_partkey LIMIT 5 OFFSET 1"),
                Arguments.of("ORDER BY a column not selected", Split.PARTIAL, true,
                        "SELECT l_returnflag, count(*) AS n FROM lineitem GROUP BY l_returnflag, l_linestatus"
                                + " ORDER BY l_linestatus, l_returnflag"),
                Arguments.of("ORDER BY DESC puts NULL last as DuckDB does", Split.PARTIAL, true,
                        "SELECT o_custkey % 5 AS m, count(*) AS n FROM orders GROUP BY o_custkey % 5 ORDER BY m DESC"),
                Arguments.of("SELECT DISTINCT", Split.PARTIAL, false, "SELECT DISTINCT l_shipmode FROM lineitem"),
                // decorrelated NOT IN marks the sub-query's groups with LITERAL_AGG(true), split as its literal
                Arguments.of("NOT IN a sub-query over a nullable non-key column", Split.PARTIAL, false,
                        "SELECT count(*) FROM orders WHERE o_weight NOT IN (SELECT o_weight FROM orders WHERE o_orderkey < 10)"),
                Arguments.of("NOT IN a sub-query of another table, grouped", Split.PARTIAL, false,
                        "SELECT o_orderstatus, count(*) FROM orders WHERE o_custkey NOT IN"
                                + " (SELECT l_suppkey FROM lineitem WHERE l_quantity > 45) GROUP BY o_orderstatus"),
                // DuckDB's / of exact numbers is DOUBLE: as Calcite's INTEGER, 5 / 2 was compared as CAST(5 / 2 AS BIGINT)
                Arguments.of("/ of integer constants compared with a BIGINT column", Split.PARTIAL, false,
                        "SELECT count(*) FROM orders WHERE o_orderkey < 5 / 2"),
                Arguments.of("/ of an INTEGER column compared with a BIGINT column", Split.PARTIAL, false,
                        "SELECT count(*) FROM lineitem WHERE l_linenumber / 2 = l_orderkey"),
                Arguments.of("/ by zero is infinite, not an error", Split.PARTIAL, false,
                        "SELECT count(*) FROM orders WHERE o_orderkey < 5 / 0"),
                Arguments.of("/ of DECIMALs and integers, grouped and summed", Split.PARTIAL, false,
                        "SELECT l_linenumber / 2 + 1 AS half, sum(l_quantity / 3) AS third, count(*) AS n FROM lineitem"
                                + " WHERE l_quantity / l_linenumber > 2 GROUP BY l_linenumber / 2 + 1"),
                Arguments.of("FILTER clause", Split.PARTIAL, false,
                        "SELECT count(*) FILTER (WHERE l_discount > 0.05) AS discounted,"
                                + " sum(l_quantity) FILTER (WHERE l_returnflag = 'R') AS returned FROM lineitem"),
                Arguments.of("empty input, global aggregate", Split.PARTIAL, false,
                        "SELECT count(*), count(l_quantity), sum(l_quantity), avg(l_quantity), min(l_shipdate)"
                                + " FROM lineitem WHERE false"),
                Arguments.of("empty input, grouped", Split.PARTIAL, false,
                        "SELECT l_returnflag, count(*) FROM lineitem WHERE l_quantity < 0 GROUP BY l_returnflag"),
                Arguments.of("customer, orders, lineitem and nation joined on keys", Split.PARTIAL, true,
                        "SELECT n_name, count(*) AS n, sum(l_extendedprice) AS total, min(c_acctbal) AS lowest"
                                + " FROM customer JOIN orders ON c_custkey = o_custkey"
                                + " JOIN lineitem ON l_orderkey = o_orderkey"
                                + " JOIN nation ON c_nationkey = n_nationkey GROUP BY n_name ORDER BY n_name"),
                Arguments.of("EXTRACT, SUBSTRING, LIKE and ||", Split.PARTIAL, true,
                        "SELECT extract(year FROM o_orderdate) AS y, substring(c_phone, 1, 2) AS cc, count(*) AS n,"
                                + " sum(o_totalprice) AS total FROM customer JOIN orders ON c_custkey = o_custkey"
                                + " WHERE c_name LIKE 'Customer#1%' OR c_name || 'x' = 'Customer#5x'"
                                + " GROUP BY extract(year FROM o_orderdate), substring(c_phone, 1, 2) ORDER BY y, cc"),
                Arguments.of("TPC-H Q13: aggregate over an aggregate grouped by a key", Split.PARTIAL, true, """
                        select c_count, count(*) as custdist
                        from (select c_custkey, count(o_orderkey)
                              from customer left outer join orders
                                on c_custkey = o_custkey and o_orderpriority not like '%URGENT%'
                              group by c_custkey) as c_orders (c_custkey, c_count)
                        group by c_count
                        order by custdist desc, c_count desc"""),
                Arguments.of("TPC-H Q1", Split.PARTIAL, true, """
                        select l_returnflag, l_linestatus, sum(l_quantity) as sum_qty,
                          sum(l_extendedprice) as sum_base_price,
                          sum(l_extendedprice * (1 - l_discount)) as sum_disc_price,
                          sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge,
                          avg(l_quantity) as avg_qty, avg(l_extendedprice) as avg_price,
                          avg(l_discount) as avg_disc, count(*) as count_order
                        from lineitem
                        where l_shipdate <= date '1998-12-01' - interval '90' day
                        group by l_returnflag, l_linestatus
                        order by l_returnflag, l_linestatus"""),
                Arguments.of("TPC-H Q6", Split.PARTIAL, false, """
                        select sum(l_extendedprice * l_discount) as revenue
                        from lineitem
                        where l_shipdate >= date '1994-01-01'
                          and l_shipdate < date '1994-01-01' + interval '1' year
                          and l_discount between 0.06 - 0.01 and 0.06 + 0.01
                          and l_quantity < 24"""),
                Arguments.of("TPC-H Q3", Split.WHOLE, true, """
                        select l_orderkey, sum(l_extendedprice * (1 - l_discount)) as revenue,
                          o_orderdate, o_shippriority
                        from customer, orders, lineitem
                        where c_mktsegment = 'BUILDING' and c_custkey = o_custkey and l_orderkey = o_orderkey
                          and o_orderdate < date '1995-03-15' and l_shipdate > date '1995-03-15'
                        group by l_orderkey, o_orderdate, o_shippriority
                        order by revenue desc, o_orderdate, l_orderkey
                        limit 10"""),
                Arguments.of("TPC-H Q5", Split.PARTIAL, true, """
                        select n_name, sum(l_extendedprice * (1 - l_discount)) as revenue
                        from customer, orders, lineitem, supplier, nation, region
                        where c_custkey = o_custkey and l_orderkey = o_orderkey and l_suppkey = s_suppkey
                          and c_nationkey = s_nationkey and s_nationkey = n_nationkey
                          and n_regionkey = r_regionkey and r_name = 'REGION1'
                          and o_orderdate >= date '1993-01-01'
                          and o_orderdate < date '1993-01-01' + interval '3' year
                        group by n_name
                        order by revenue desc, n_name"""),
                Arguments.of("TPC-H Q10", Split.WHOLE, true, """
                        select c_custkey, c_name, sum(l_extendedprice * (1 - l_discount)) as revenue,
                          c_acctbal, n_name, c_phone
                        from customer, orders, lineitem, nation
                        where c_custkey = o_custkey and l_orderkey = o_orderkey
                          and o_orderdate >= date '1993-10-01'
                          and o_orderdate < date '1993-10-01' + interval '3' month * 4
                          and l_returnflag = 'R' and c_nationkey = n_nationkey
                        group by c_custkey, c_name, c_acctbal, c_phone, n_name
                        order by revenue desc, c_custkey
                        limit 20"""),
                Arguments.of("TPC-H Q12", Split.PARTIAL, true, """
                        select l_shipmode,
                          sum(case when o_orderpriority = '1-URGENT' or o_orderpriority = '2-HIGH'
                              then 1 else 0 end) as high_line_count,
                          sum(case when o_orderpriority <> '1-URGENT' and o_orderpriority <> '2-HIGH'
                              then 1 else 0 end) as low_line_count
                        from orders, lineitem
                        where o_orderkey = l_orderkey and l_shipmode in ('MAIL', 'SHIP', 'AIR')
                          and l_commitdate < l_receiptdate and l_shipdate < l_commitdate
                          and l_receiptdate >= date '1993-01-01'
                          and l_receiptdate < date '1993-01-01' + interval '4' year
                        group by l_shipmode
                        order by l_shipmode"""),
                Arguments.of("TPC-H Q14", Split.PARTIAL, false, """
                        select 100.00 * sum(case when p_type like 'PROMO%'
                            then l_extendedprice * (1 - l_discount) else 0 end)
                          / sum(l_extendedprice * (1 - l_discount)) as promo_revenue
                        from lineitem, part
                        where l_partkey = p_partkey
                          and l_shipdate >= date '1995-09-01'
                          and l_shipdate < date '1995-09-01' + interval '1' year"""),
                Arguments.of("TPC-H Q19", Split.PARTIAL, false, """
                        select sum(l_extendedprice * (1 - l_discount)) as revenue
                        from lineitem, part
                        where (p_partkey = l_partkey and p_brand = 'Brand#12'
                            and p_container in ('SM CASE', 'SM BOX', 'SM PACK', 'SM PKG')
                            and l_quantity >= 1 and l_quantity <= 1 + 20 and p_size between 1 and 15
                            and l_shipmode in ('AIR', 'REG AIR', 'MAIL'))
                          or (p_partkey = l_partkey and p_brand = 'Brand#23'
                            and p_container in ('MED BAG', 'MED BOX', 'MED PKG', 'MED PACK')
                            and l_quantity >= 10 and l_quantity <= 10 + 30 and p_size between 1 and 20
                            and l_shipinstruct <> 'NONE')
                          or (p_partkey = l_partkey and p_brand in ('Brand#31', 'Brand#33')
                            and p_container like 'LG%' and l_quantity between 5 and 45)"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributedQueries")
    void distributedPlanGivesTheSingleNodeAnswer(String name, Split split, boolean ordered, String sql)
            throws Exception {
        DistributedPlan distributed = planning.assertDistributedAndExact(name, sql, ordered);
        boolean partial = distributed.stages().stream().anyMatch(stage -> stage.name().startsWith("partial"));
        assertThat(partial).as("partial aggregates in %s", distributed.stages()).isEqualTo(split == Split.PARTIAL);
        assertThat(distributed.stages()).anyMatch(stage -> stage.location() == StageLocation.WORKERS);
    }

    private static final String W = "WORKERS";
    private static final String S = "SERVER";
    private static final String ONE = "ONE_WORKER";

    static Stream<Arguments> multiStageQueries() {
        return Stream.of(
                // name, stage locations in order, ordered result, SQL
                Arguments.of("scalar sub-query: global average broadcast", List.of(W, S, W, S), false,
                        "SELECT count(*) AS n, sum(o_totalprice) AS total FROM orders"
                                + " WHERE o_totalprice > (SELECT avg(o_totalprice) FROM orders)"),
                Arguments.of("scalar sub-query in the select list", List.of(W, S, W, S), true,
                        "SELECT o_orderkey, o_totalprice - (SELECT avg(o_totalprice) FROM orders) AS diff FROM orders"
                                + " ORDER BY diff DESC, o_orderkey LIMIT 3"),
                Arguments.of("correlated scalar sub-query over a non-key (Q17 shape)", List.of(W, S, W, S), false,
                        "SELECT sum(l_extendedprice) / 7.0 AS avg_yearly, count(*) AS n FROM lineitem, part"
                                + " WHERE p_partkey = l_partkey AND p_size > 5"
                                + " AND l_quantity < (SELECT 0.9 * avg(l_quantity) FROM lineitem WHERE l_partkey = p_partkey)"),
                Arguments.of("EXISTS on the order key (Q4 shape)", List.of(W, S), true,
                        "SELECT o_orderpriority, count(*) AS order_count FROM orders WHERE o_orderdate >= DATE '1993-01-01'"
                                + " AND EXISTS (SELECT * FROM lineitem WHERE l_orderkey = o_orderkey"
                                + " AND l_commitdate < l_receiptdate) GROUP BY o_orderpriority ORDER BY o_orderpriority"),
                Arguments.of("EXISTS and NOT EXISTS with a non-equi correlation (Q21 shape)", List.of(W, S), true,
                        "SELECT l1.l_suppkey, count(*) AS numwait FROM lineitem l1 JOIN orders ON o_orderkey = l1.l_orderkey"
                                + " WHERE o_orderstatus <> 'O' AND l1.l_receiptdate > l1.l_commitdate"
                                + " AND EXISTS (SELECT * FROM lineitem l2 WHERE l2.l_orderkey = l1.l_orderkey"
                                + "   AND l2.l_suppkey <> l1.l_suppkey)"
                                + " AND NOT EXISTS (SELECT * FROM lineitem l3 WHERE l3.l_orderkey = l1.l_orderkey"
                                + "   AND l3.l_suppkey <> l1.l_suppkey AND l3.l_receiptdate > l3.l_commitdate + INTERVAL 20 DAY)"
                                + " GROUP BY l1.l_suppkey ORDER BY numwait DESC, l1.l_suppkey"),
                Arguments.of("NOT EXISTS whose condition compares with NULLs", List.of(W, S), false,
                        "SELECT count(*) AS n, sum(o_totalprice) AS total FROM orders o WHERE NOT EXISTS"
                                + " (SELECT 1 FROM lineitem l WHERE l.l_orderkey = o.o_orderkey AND l.l_quantity > o.o_weight)"),
                Arguments.of("EXISTS next to a scalar sub-query and an uncorrelated IN", List.of(W, S, W, S), false,
                        "SELECT count(*) AS n FROM orders o WHERE o_totalprice > (SELECT avg(o_totalprice) FROM orders)"
                                + " AND EXISTS (SELECT 1 FROM lineitem l WHERE l.l_orderkey = o.o_orderkey AND l.l_quantity > 40)"
                                + " AND o_custkey IN (SELECT c_custkey FROM customer WHERE c_acctbal > 0)"),
                Arguments.of("EXISTS inside OR stays a sub-query", List.of(W, S), false,
                        "SELECT count(*) AS n FROM orders o WHERE o_totalprice > 100000"
                                + " OR EXISTS (SELECT 1 FROM lineitem l WHERE l.l_orderkey = o.o_orderkey AND l.l_quantity > 49)"),
                Arguments.of("EXISTS nested in NOT EXISTS", List.of(W, S), false,
                        "SELECT count(*) AS n FROM orders o WHERE NOT EXISTS (SELECT 1 FROM lineitem l"
                                + " WHERE l.l_orderkey = o.o_orderkey AND EXISTS (SELECT 1 FROM part p"
                                + " WHERE p.p_partkey = l.l_partkey AND p.p_size > 40))"),
                Arguments.of("EXISTS over replicated tables only", List.of(ONE), true,
                        "SELECT n_name FROM nation n WHERE EXISTS (SELECT 1 FROM supplier s"
                                + " WHERE s.s_nationkey = n.n_nationkey AND s.s_suppkey <> n.n_nationkey) ORDER BY n_name"),
                Arguments.of("NOT EXISTS on the customer key and a global average (Q22 shape)", List.of(W, S, W, S), true,
                        "SELECT substring(c_phone, 1, 2) AS cc, count(*) AS n, sum(c_acctbal) AS total FROM customer"
                                + " WHERE c_acctbal > (SELECT avg(c_acctbal) FROM customer WHERE c_acctbal > 0)"
                                + " AND NOT EXISTS (SELECT * FROM orders WHERE o_custkey = c_custkey)"
                                + " GROUP BY cc ORDER BY cc"),
                Arguments.of("NOT IN with NULLs on both sides", List.of(W, S, W, S), false,
                        "SELECT count(*) AS n FROM orders"
                                + " WHERE o_custkey NOT IN (SELECT c_custkey FROM customer WHERE c_acctbal < 0)"),
                Arguments.of("IN sub-query grouped by the order key (Q18 shape)", List.of(W, S), true,
                        "SELECT c_name, c_custkey, o_orderkey, o_totalprice, sum(l_quantity) AS q"
                                + " FROM customer, orders, lineitem WHERE o_orderkey IN"
                                + " (SELECT l_orderkey FROM lineitem GROUP BY l_orderkey HAVING sum(l_quantity) > 100)"
                                + " AND c_custkey = o_custkey AND o_orderkey = l_orderkey"
                                + " GROUP BY c_name, c_custkey, o_orderkey, o_totalprice"
                                + " ORDER BY o_totalprice DESC, o_orderkey LIMIT 10"),
                Arguments.of("aggregate over a non-key aggregate", List.of(W, S), false,
                        "SELECT sum(s) AS total, count(*) AS groups FROM"
                                + " (SELECT l_returnflag, sum(l_quantity) s FROM lineitem GROUP BY l_returnflag) t"),
                Arguments.of("maximum of per-customer counts", List.of(W, S), false,
                        "SELECT max(n) AS most, avg(n) AS mean FROM (SELECT o_custkey, count(*) AS n FROM orders GROUP BY o_custkey) t"),
                Arguments.of("CTE used twice: one partial stage (Q15 shape)", List.of(W, S), true,
                        "WITH rev AS (SELECT l_suppkey AS supplier_no, sum(l_extendedprice * (1 - l_discount)) AS total"
                                + " FROM lineitem WHERE l_shipdate >= DATE '1995-01-01' GROUP BY l_suppkey)"
                                + " SELECT s_suppkey, s_name, total FROM supplier, rev"
                                + " WHERE s_suppkey = supplier_no AND total = (SELECT max(total) FROM rev) ORDER BY s_suppkey"),
                Arguments.of("scan without order: the workers' union is the answer", List.of(W), false,
                        "SELECT o_orderkey, o_totalprice AS price FROM orders WHERE o_totalprice > 10000"),
                Arguments.of("scan with ORDER BY", List.of(W, S), true,
                        "SELECT l_orderkey, l_linenumber, l_quantity FROM lineitem WHERE l_quantity > 45"
                                + " ORDER BY l_quantity DESC, l_orderkey, l_linenumber"),
                Arguments.of("top-N with OFFSET", List.of(W, S), true,
                        "SELECT o_orderkey, o_totalprice FROM orders ORDER BY o_totalprice DESC, o_orderkey LIMIT 7 OFFSET 3"),
                Arguments.of("LIMIT without ORDER BY, then counted", List.of(W, S), false,
                        "SELECT count(*) AS n FROM (SELECT * FROM lineitem LIMIT 5) t"),
                Arguments.of("window over a merged aggregate", List.of(W, S), true,
                        "SELECT l_returnflag, count(*) AS n, rank() OVER (ORDER BY count(*) DESC) AS r FROM lineitem"
                                + " GROUP BY l_returnflag ORDER BY l_returnflag"),
                Arguments.of("UNION ALL of partitioned tables", List.of(W, S), false,
                        "SELECT count(*) AS n FROM (SELECT l_orderkey FROM lineitem UNION ALL SELECT o_orderkey FROM orders) t"),
                Arguments.of("VALUES joined with a partitioned table", List.of(W, S), false,
                        "SELECT count(*) AS n FROM (VALUES (1), (2)) v(x) JOIN orders ON x = o_custkey"),
                Arguments.of("replicated tables only", List.of(ONE), true,
                        "SELECT n_regionkey, count(*) AS n FROM nation GROUP BY n_regionkey ORDER BY n_regionkey"),
                Arguments.of("replicated tables only, with a sub-query", List.of(ONE), true,
                        "SELECT n_name FROM nation WHERE n_nationkey IN (SELECT s_nationkey FROM supplier)"
                                + " AND n_regionkey = (SELECT min(r_regionkey) FROM region) ORDER BY n_name"),
                Arguments.of("replicated table semi-joined with a partitioned sub-query", List.of(W, S), true,
                        "SELECT n_name FROM nation WHERE n_nationkey IN (SELECT c_nationkey FROM customer"
                                + " WHERE c_acctbal > 0) ORDER BY n_name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("multiStageQueries")
    void multiStagePlanGivesTheSingleNodeAnswer(String name, List<String> locations, boolean ordered, String sql)
            throws Exception {
        QueryPlan plan = planning.planner.plan(sql);
        assertThat(plan).as("planning decision for %s: %s", name, plan.summary()).isInstanceOf(DistributedPlan.class);
        DistributedPlan distributed = (DistributedPlan) plan;
        assertThat(distributed.stages().stream().map(stage -> stage.location().name()).toList())
                .as("stage locations of %s", distributed.stages()).isEqualTo(locations);

        QueryResultTable expected = QueryResultTable.run(planning.database.singleNode(), sql);
        QueryResultTable actual = planning.runner.run(distributed);

        assertThat(expected.rows()).as("the test data gives %s rows", name).isNotEmpty();
        ResultAssertions.assertSameResult(actual, expected, ordered);
    }

    @Test
    void topNIsAppliedOnEveryWorkerToo() throws Exception {
        DistributedPlan plan = (DistributedPlan) planning.planner.plan(
                "SELECT o_orderkey, o_totalprice FROM orders ORDER BY o_totalprice DESC, o_orderkey LIMIT 7 OFFSET 3");
        Stage workers = plan.stages().get(0);
        assertThat(workers.location()).isEqualTo(StageLocation.WORKERS);
        assertThat(workers.sql()).contains("ORDER BY").contains("10 ROWS ONLY").doesNotContain("OFFSET");
    }

    @Test
    void correlatedExistsOnTheCoLocationKeyStaysASemiAndAntiJoinOnTheWorkers() throws Exception {
        String sql = "SELECT count(*) AS n FROM lineitem l1 WHERE EXISTS (SELECT 1 FROM lineitem l2"
                + " WHERE l2.l_orderkey = l1.l_orderkey AND l2.l_suppkey <> l1.l_suppkey) AND NOT EXISTS"
                + " (SELECT 1 FROM lineitem l3 WHERE l3.l_orderkey = l1.l_orderkey AND l3.l_suppkey <> l1.l_suppkey"
                + " AND l3.l_receiptdate > l3.l_commitdate)";
        DistributedPlan plan = (DistributedPlan) planning.planner.plan(sql);
        assertThat(plan.stages()).extracting(Stage::location).containsExactly(StageLocation.WORKERS, StageLocation.SERVER);
        // as written, not decorrelated into joins with grouped keys
        assertThat(plan.stages().get(0).sql()).contains("WHERE EXISTS").contains("WHERE NOT EXISTS").doesNotContain("LEFT JOIN");
        ResultAssertions.assertSameResult(planning.runner.run(plan), QueryResultTable.run(planning.database.singleNode(), sql), false);
    }

    @Test
    void innerJoinConditionBeyondItsKeysIsWrittenAsAWhere() throws Exception {
        // DuckDB derives the part filter of each branch from a WHERE, not from an ON clause
        String sql = "SELECT sum(l_extendedprice) AS total FROM lineitem, part WHERE"
                + " (p_partkey = l_partkey AND p_brand = 'Brand#12' AND l_quantity < 20)"
                + " OR (p_partkey = l_partkey AND p_size < 10 AND l_quantity >= 30)";
        DistributedPlan plan = (DistributedPlan) planning.planner.plan(sql);
        String workerSql = plan.stages().get(0).sql();
        assertThat(workerSql).contains("WHERE").contains(" OR ").doesNotContain(" ON ");
        ResultAssertions.assertSameResult(planning.runner.run(plan), QueryResultTable.run(planning.database.singleNode(), sql), false);
    }

    @Test
    void broadcastAggregateIsRestrictedToTheKeysOfTheFilteredReplicatedSide() throws Exception {
        String sql = "SELECT sum(l_extendedprice) AS total FROM lineitem, part WHERE p_partkey = l_partkey"
                + " AND p_brand = 'Brand#12' AND l_quantity < (SELECT 0.5 * avg(l_quantity) FROM lineitem"
                + " WHERE l_partkey = p_partkey)";
        DistributedPlan plan = (DistributedPlan) planning.planner.plan(sql);
        assertThat(plan.stages()).extracting(Stage::location).containsExactly(
                StageLocation.WORKERS, StageLocation.SERVER, StageLocation.WORKERS, StageLocation.SERVER);
        assertThat(plan.stages().get(0).sql()).contains("EXISTS").contains("'Brand#12'");
        ResultAssertions.assertSameResult(planning.runner.run(plan), QueryResultTable.run(planning.database.singleNode(), sql), false);
    }

    @Test
    void decorrelatedExistsRunsAsASemiJoinOnTheWorkers() throws Exception {
        String sql = "SELECT o_orderpriority, count(*) AS n FROM orders WHERE EXISTS (SELECT * FROM lineitem"
                + " WHERE l_orderkey = o_orderkey AND l_commitdate < l_receiptdate) GROUP BY o_orderpriority";
        DistributedPlan plan = (DistributedPlan) planning.planner.plan(sql);
        assertThat(plan.stages().get(0).location()).isEqualTo(StageLocation.WORKERS);
        assertThat(plan.stages().get(0).sql()).contains("EXISTS").doesNotContain("GROUP BY \"l_orderkey\"");
        ResultAssertions.assertSameResult(planning.runner.run(plan), QueryResultTable.run(planning.database.singleNode(), sql), false);
    }

    @Test
    void explainShowsStagesAndExchanges() throws Exception {
        PlanExplainer explainer = new PlanExplainer();
        List<ExplainRow> rows = explainer.explain(planning.planner.plan(
                "SELECT count(*) AS n FROM orders WHERE o_totalprice > (SELECT avg(o_totalprice) FROM orders)"));
        assertThat(rows).extracting(ExplainRow::exchange).containsExactly(
                PlanExplainer.GATHER, PlanExplainer.BROADCAST, PlanExplainer.GATHER, PlanExplainer.RESULT);
        assertThat(rows).extracting(ExplainRow::location).containsExactly(W, S, W, S);
        assertThat(rows.get(2).inputs()).containsExactly(rows.get(1).stage());

        String sql = "SELECT mode(l_quantity) FROM lineitem";
        List<ExplainRow> server = explainer.explain(planning.planner.plan(sql));
        assertThat(server).singleElement().satisfies(row -> {
            assertThat(row.location()).isEqualTo(S);
            assertThat(row.exchange()).isEqualTo(PlanExplainer.RESULT);
            assertThat(row.sql()).isEqualTo(sql);
            assertThat(row.note()).startsWith("not distributed: ");
        });
    }

    @Test
    void testDataHasRowsInEveryShardAndNoRowTwice() throws SQLException {
        for (String table : new String[] {"customer", "orders", "lineitem"}) {
            long total = 0;
            for (var shard : planning.database.shards()) {
                long rows = ShardedTestDatabase.rowCount(shard, table);
                assertThat(rows).as("%s rows on a shard", table).isPositive();
                total += rows;
            }
            assertThat(total).as("%s rows over all shards", table)
                    .isEqualTo(ShardedTestDatabase.rowCount(planning.database.singleNode(), table));
        }
    }

    static Stream<Arguments> serverQueries() {
        return Stream.of(
                Arguments.of("SELECT count(*) FROM orders o1 FULL JOIN orders o2 ON o1.o_weight = o2.o_weight",
                        "the join of orders and orders is not on co-location keys, and it has no equality"),
                Arguments.of("SELECT bit_xor(DISTINCT l_partkey) FROM lineitem",
                        "the planner cannot split BIT_XOR(DISTINCT ...) without GROUP BY"),
                Arguments.of("SELECT n_name, count(c_custkey) FROM nation LEFT JOIN customer ON n_nationkey < c_nationkey"
                                + " GROUP BY n_name",
                        "a LEFT join of a replicated table with a partitioned one is not local"),
                Arguments.of("SELECT o_orderstatus, stddev_samp(o_totalprice) FROM orders GROUP BY ROLLUP (o_orderstatus)",
                        "the planner cannot split variances and standard deviations under GROUPING SETS, ROLLUP or CUBE"),
                Arguments.of("SELECT count(*) FROM read_csv('/tmp/does-not-matter.csv')",
                        "the planner does not know the function read_csv"),
                Arguments.of("SELECT mad(l_quantity) FROM lineitem", "the planner does not know the function mad"),
                Arguments.of("SELECT mode(l_quantity) FROM lineitem", "the planner cannot split aggregate MODE"),
                Arguments.of("SELECT count(*) FROM (SELECT o_weight FROM orders UNION SELECT o_weight FROM orders) t",
                        "UNION, INTERSECT and EXCEPT over partitioned tables are distributed only as UNION ALL"),
                Arguments.of("SELECT count(*) FROM orders RIGHT JOIN nation ON o_shippriority > n_nationkey",
                        "a RIGHT join of a partitioned table with a replicated one is not local"),
                Arguments.of("SELECT l_returnflag, count(*) OVER () FROM lineitem",
                        "window functions over partitioned tables are distributed only when every window is partitioned"
                                + " by one column"),
                Arguments.of("SELECT count(*) FROM (SELECT avg(o_totalprice) AS a FROM orders) t"
                                + " LEFT JOIN orders ON a < o_totalprice",
                        "a LEFT join of a sub-query result with a partitioned one is not local"),
                Arguments.of("SELECT n_name FROM nation WHERE n_regionkey = (SELECT r_regionkey FROM region WHERE r_name LIKE 'R%')",
                        "a scalar sub-query that is not an aggregate is not distributed yet"),
                Arguments.of("SELECT count(*) FROM orders WHERE o_orderdate < current_date",
                        "the query reads the current date or time (CURRENT_DATE), which the server gives once"),
                Arguments.of("SELECT o_orderkey, today() > o_orderdate FROM orders",
                        "the query reads the current date or time (today)"),
                Arguments.of("SELECT n_name FROM nation WHERE CURRENT_TIMESTAMP > TIMESTAMP '2000-01-01 00:00:00'",
                        "the query reads the current date or time (CURRENT_TIMESTAMP)"),
                Arguments.of("SELECT count(*) FROM orders WHERE o_orderkey < 5 // 2",
                        "the planner cannot read DuckDB's integer division operator //"),
                Arguments.of("SELECT count(*) FROM information_schema.tables",
                        "the planner does not understand the query"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverQueries")
    void queryFallsBackToTheServerWithAReason(String sql, String reason) throws Exception {
        planning.assertOnServer(sql, reason);
    }

    @Test
    void serverPlanAnswersAsTheServerWould() throws Exception {
        String sql = "SELECT n_name, count(c_custkey) FROM nation LEFT JOIN customer ON n_nationkey < c_nationkey"
                + " GROUP BY n_name ORDER BY n_name";
        QueryPlan plan = planning.planner.plan(sql);
        assertThat(plan).isInstanceOf(ServerPlan.class);
        QueryResultTable result = QueryResultTable.run(planning.database.singleNode(), ((ServerPlan) plan).sql());
        assertThat(result.rows()).isNotEmpty();
    }

    @Test
    void replicatedOnlyQueryRunsAsWrittenOnOneWorker() throws Exception {
        String sql = "SELECT n_name FROM nation n WHERE n_regionkey = (SELECT min(r_regionkey) FROM region) ORDER BY n_name";
        QueryPlan plan = planning.planner.plan(sql);
        assertThat(plan).isInstanceOf(DistributedPlan.class);
        List<Stage> stages = ((DistributedPlan) plan).stages();
        assertThat(stages).hasSize(1);
        assertThat(stages.get(0).location()).isEqualTo(StageLocation.ONE_WORKER);
        assertThat(stages.get(0).sql()).isEqualTo(sql);
    }

    @Test
    void plannerDefectMakesAServerPlanWithAReason() throws Exception {
        QueryPlanner failing = new QueryPlanner(planning.database.tables(), sql -> {
            throw new IllegalStateException("a defect");
        });
        QueryPlan plan = failing.plan("SELECT count(*) AS n FROM orders");
        assertThat(plan).isInstanceOf(ServerPlan.class);
        assertThat(((ServerPlan) plan).reason()).contains("planner could not handle").doesNotContain("Exception");
    }

    @Test
    void plannerErrorsMakeServerPlans() throws Exception {
        QueryPlanner asserting = new QueryPlanner(planning.database.tables(), sql -> {
            throw new AssertionError("Calcite's assertion");
        });
        QueryPlan plan = asserting.plan("SELECT count(*) AS n FROM orders");
        assertThat(plan).isInstanceOf(ServerPlan.class);
        assertThat(((ServerPlan) plan).reason()).doesNotContain("Assertion");
    }

    @Test
    void plannerStackOverflowMakesAServerPlanAndRunningOutOfMemoryIsNotHidden() throws Exception {
        QueryPlanner overflowing = new QueryPlanner(planning.database.tables(), sql -> {
            throw new StackOverflowError();
        });
        QueryPlan plan = overflowing.plan("SELECT count(*) AS n FROM orders");
        assertThat(plan).isInstanceOf(ServerPlan.class);
        assertThat(((ServerPlan) plan).reason()).isEqualTo("the query is nested too deeply for the planner");

        QueryPlanner exhausted = new QueryPlanner(planning.database.tables(), sql -> {
            throw new OutOfMemoryError("test");
        });
        assertThatThrownBy(() -> exhausted.plan("SELECT count(*) AS n FROM orders")).isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void arithmeticOnATypedNullRunsOnTheServer() throws Exception {
        // Calcite throws an AssertionError ("not a literal") while deriving the expression's monotonicity
        String sql = "SELECT 37 / - CAST(NULL AS INTEGER) * - 33 / 13";
        QueryPlan plan = planning.planner.plan(sql);
        assertThat(plan).isInstanceOf(ServerPlan.class);
        assertThat(((ServerPlan) plan).reason()).isEqualTo("the planner could not handle this query (the server log has the details)");
        assertThat(QueryResultTable.run(planning.database.singleNode(), sql).rows()).containsExactly(java.util.Collections.singletonList(null));
    }

    static Stream<Arguments> deeplyNestedQueries() {
        return Stream.of(
                Arguments.of("5,000 nested parentheses",
                        "SELECT count(*) FROM orders WHERE o_orderkey > " + "(".repeat(5_000) + "1" + ")".repeat(5_000)),
                Arguments.of("1+1+... of 20,000 terms", "SELECT 1" + "+1".repeat(19_999)),
                Arguments.of("an OR of 5,000 terms",
                        "SELECT count(*) FROM orders WHERE o_orderkey = 1" + " OR o_orderkey = 1".repeat(4_999)),
                Arguments.of("NOT 5,000 times", "SELECT count(*) FROM orders WHERE " + "NOT ".repeat(5_000) + "o_orderkey < 5"),
                Arguments.of("sub-queries nested 2,000 deep",
                        "SELECT count(*) FROM orders WHERE o_orderkey < " + "(SELECT ".repeat(2_000) + "1" + ")".repeat(2_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deeplyNestedQueries")
    void deeplyNestedQueryRunsOnTheServerWithAReasonInOurWords(String name, String sql) throws Exception {
        QueryPlan plan = planning.planner.plan(sql);
        assertThat(plan).isInstanceOf(ServerPlan.class);
        assertThat(((ServerPlan) plan).reason()).as(name).isNotBlank().doesNotContain("\n").doesNotContain("Exception")
                .doesNotContainPattern("\\b(java|javax|org|com)\\.[a-z]");
    }

    @Test
    void nestingDuckDbAcceptsIsPlannedOnTheDeepPlanningStack() throws Exception {
        // each overflowed the JVM's default 1 MB stack
        List<String> queries = List.of(
                "SELECT count(*) AS n FROM orders WHERE o_orderkey > " + "(".repeat(800) + "100" + ")".repeat(800),
                "SELECT count(*) AS n FROM orders WHERE o_orderkey = 1" + " OR o_orderkey = 3".repeat(899) + " OR o_custkey = 7");
        for (String sql : queries) {
            QueryPlan plan = planning.planner.plan(sql);
            assertThat(plan).as(plan.summary()).isInstanceOf(DistributedPlan.class);
            ResultAssertions.assertSameResult(planning.runner.run((DistributedPlan) plan), QueryResultTable.run(planning.database.singleNode(), sql), false);
        }
    }

    @Test
    void interruptedCallerStillGetsItsPlanAndStaysInterrupted() throws Exception {
        Thread.currentThread().interrupt();
        try {
            assertThat(planning.planner.plan("SELECT count(*) AS n FROM orders")).isInstanceOf(DistributedPlan.class);
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void oneInstancePlansFromManyThreads() throws Exception {
        List<String> queries = distributedQueries().map(a -> (String) a.get()[3]).toList();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<QueryPlan>> concurrent = new ArrayList<>();
            for (String sql : queries) {
                concurrent.add(threads.submit(() -> planning.planner.plan(sql)));
            }
            for (int i = 0; i < queries.size(); i++) {
                assertThat(concurrent.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(planning.planner.plan(queries.get(i)));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void textTheParserRejectsRunsOnTheServerWhereDuckDbDecides() throws Exception {
        QueryPlan plan = planning.planner.plan("SELECT count(*) FROM lineitem WHERE");
        assertThat(plan).isInstanceOf(ServerPlan.class);
        assertThat(((ServerPlan) plan).reason()).startsWith("the planner cannot parse this query (")
                .contains("line 1, column").doesNotContain("Was expecting").doesNotContain("\n");
        QueryPlan duckDbOnly = planning.planner.plan("FROM nation SELECT n_name LIMIT 1");
        assertThat(duckDbOnly).isInstanceOf(ServerPlan.class);
        assertThat(QueryResultTable.run(planning.database.singleNode(), ((ServerPlan) duckDbOnly).sql()).rows()).hasSize(1);
    }

    @Test
    void statementThatIsNotAQueryIsRefused() {
        assertThatThrownBy(() -> planning.planner.plan("DROP TABLE lineitem"))
                .isInstanceOf(QueryRefusedException.class)
                .hasMessage("only queries are accepted: DROP TABLE is not allowed");
        assertThatThrownBy(() -> planning.planner.plan("INSERT INTO nation VALUES (99, 'X', 0)"))
                .isInstanceOf(QueryRefusedException.class)
                .hasMessage("only queries are accepted: INSERT is not allowed");
    }

    @Test
    void unknownTableIsRefused() {
        assertThatThrownBy(() -> planning.planner.plan("SELECT count(*) FROM foo"))
                .isInstanceOf(QueryRefusedException.class)
                .hasMessage("table 'foo' does not exist");
    }

    @Test
    void aColumnThePlannerCannotFindIsLeftToDuckDb() throws Exception {
        // DuckDB says what is wrong with an unknown column, and finds a select item's alias in WHERE
        planning.assertOnServer("SELECT sum(l_nothing) FROM lineitem", "the planner cannot find column 'l_nothing'");
        planning.assertOnServer("SELECT l_orderkey + 1 AS k FROM lineitem WHERE k > 2", "the planner cannot find column 'k'");
    }

    @Test
    void rolledUpRowsOfAGatheredInputHaveNullGroupColumns() throws Exception {
        // the ROLLUP runs on the server over rows gathered for the LIMIT: its subtotal rows must show NULL
        // where Calcite's reading of the select list (ANY_VALUE of the group column) would show a value
        planning.assertDistributedAndExact("ROLLUP over a LIMIT", "SELECT l_returnflag, l_linestatus, count(*) AS n FROM"
                + " (SELECT * FROM lineitem ORDER BY l_orderkey, l_linenumber LIMIT 100) t"
                + " GROUP BY ROLLUP (l_returnflag, l_linestatus)", false);
    }
}
