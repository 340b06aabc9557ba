package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Long lists of constants (IN lists, VALUES) are planned without deep recursion, distributed when
 * the rest of the query is, and give single-node DuckDB's answer on real DuckDB shards.
 */
class LargeInListTest extends ShardedPlanningTest {
    private static final int HUGE = 100_000;
    private static final int LONG = 2_000;

    @Test
    void inListOf100000IntegersIsDistributedAndExact() throws Exception {
        String sql = "SELECT count(*) AS n, sum(o_totalprice) AS total FROM orders"
                + " WHERE o_orderkey IN (" + list(HUGE, i -> Integer.toString(i * 3)) + ")";

        DistributedPlan plan = distributed(sql);

        Stage workers = plan.stages().get(0);
        assertThat(workers.location()).isEqualTo(StageLocation.WORKERS);
        // the values travel as one string DuckDB parses at once, not as 100,000 literals
        assertThat(workers.sql()).contains("from_json(").contains("\"in_list_1\"").doesNotContain("VALUES");
        assertSameAsSingleNode(plan, sql, true);
    }

    @Test
    void inListOf100000StringsIsDistributedAndExact() throws Exception {
        String sql = "SELECT c_nationkey, count(*) AS n FROM customer WHERE c_name IN ("
                + list(HUGE, i -> "'Customer#" + i * 7 + "'") + ") GROUP BY c_nationkey";
        assertSameAsSingleNode(distributed(sql), sql, true);
    }

    @Test
    void notInListOf100000IntegersIsDistributedAndExact() throws Exception {
        String sql = "SELECT count(*) AS n, sum(o_totalprice) AS total FROM orders WHERE o_orderkey NOT IN ("
                + list(HUGE, i -> Integer.toString(i * 2)) + ")";
        assertSameAsSingleNode(distributed(sql), sql, true);
    }

    @Test
    void notInListWithANullKeepsNoRow() throws Exception {
        String sql = "SELECT count(*) AS n FROM orders WHERE o_orderkey NOT IN ("
                + list(LONG, i -> i == LONG / 2 ? "NULL" : Integer.toString(i * 2)) + ")";
        QueryResultTable answer = assertSameAsSingleNode(distributed(sql), sql, false);
        assertThat(answer.rows()).containsExactly(List.of(0L));
    }

    @Test
    void stringsWithQuotesBackslashesAndAccentsKeepTheirValue() throws Exception {
        String suffix = " O''Brien \\ \"é\" \t";
        String sql = "SELECT count(*) AS n FROM customer WHERE c_name || '" + suffix + "' IN ("
                + list(LONG, i -> "'Customer#" + i + suffix + "'") + ")";
        assertSameAsSingleNode(distributed(sql), sql, true);
    }

    @Test
    void datesAndDateStringsComparedWithADateColumn() throws Exception {
        String dates = "SELECT count(*) AS n FROM orders WHERE o_orderdate IN ("
                + list(LONG, i -> "DATE '" + LocalDate.of(1992, 1, 1).plusDays(i * 2L) + "'") + ")";
        String strings = "SELECT count(*) AS n FROM orders WHERE o_orderdate IN ("
                + list(LONG, i -> "'" + LocalDate.of(1992, 1, 2).plusDays(i * 2L) + "'") + ")";
        for (String sql : List.of(dates, strings)) {
            assertSameAsSingleNode(distributed(sql), sql, true);
        }
    }

    @Test
    void decimalsAndIntegersInOneList() throws Exception {
        String sql = "SELECT count(*) AS n FROM lineitem WHERE l_quantity IN ("
                + list(LONG, i -> i % 2 == 0 ? Integer.toString(i / 40) : i / 40 + ".5") + ")";
        assertSameAsSingleNode(distributed(sql), sql, true);
    }

    @Test
    void inListInAJoinCondition() throws Exception {
        String sql = "SELECT count(*) AS n, sum(o_totalprice) AS total FROM orders JOIN customer"
                + " ON c_custkey = o_custkey AND o_orderkey IN (" + list(LONG, i -> Integer.toString(i * 2)) + ")";
        assertSameAsSingleNode(distributed(sql), sql, true);
    }

    @Test
    void inListInHaving() throws Exception {
        String sql = "SELECT l_suppkey, count(*) AS n FROM lineitem GROUP BY l_suppkey"
                + " HAVING count(*) IN (" + list(LONG, i -> Integer.toString(i * 2)) + ")";
        assertSameAsSingleNode(distributed(sql), sql, true);
    }

    @Test
    void inListInTheSelectListWithDuplicates() throws Exception {
        String sql = "SELECT o_custkey IN (" + list(LONG, i -> Integer.toString(i / 4)) + ") AS listed,"
                + " count(*) AS n FROM orders GROUP BY 1";
        assertSameAsSingleNode(distributed(sql), sql, true);
    }

    @Test
    void constantTableNameIsOneTheStatementDoesNotUse() throws Exception {
        String sql = "SELECT count(*) AS in_list_1 FROM orders WHERE o_orderkey IN ("
                + list(LONG, i -> Integer.toString(i)) + ") AND o_custkey NOT IN (" + list(LONG, i -> Integer.toString(i * 5)) + ")";
        DistributedPlan plan = distributed(sql);
        assertThat(plan.stages().get(0).sql()).contains("WITH \"in_list_2\" AS (").contains(", \"in_list_3\" AS (")
                .doesNotContain("\"in_list_1\" AS (");
        assertSameAsSingleNode(plan, sql, true);
    }

    @Test
    void shortListWithAnExpressionIsCalcitesJoinWithValues() throws Exception {
        String sql = "SELECT count(*) AS n FROM orders WHERE o_orderkey IN ("
                + list(InListExtractor.MAX_VALUES_WITH_EXPRESSIONS, i -> i == 0 ? "1 + 1" : Integer.toString(i * 3)) + ")";
        DistributedPlan plan = distributed(sql);
        assertThat(plan.stages().get(0).sql()).contains("VALUES").doesNotContain("from_json");
        assertSameAsSingleNode(plan, sql, true);
    }

    @Test
    void longListsThePlannerDoesNotHoldAsConstantsRunOnTheServer() throws Exception {
        // Calcite's own conversion would take minutes (expressions) or seconds (mixed kinds, rows)
        String expressions = "SELECT count(*) AS n FROM orders WHERE o_orderkey IN ("
                + list(3_000, i -> i == 0 ? "1 + 1" : Integer.toString(i * 3)) + ")";
        String mixedKinds = "SELECT count(*) AS n FROM orders WHERE o_orderkey IN ("
                + list(InListExtractor.MIN_VALUES, i -> i == 0 ? "'6'" : Integer.toString(i * 3)) + ")";
        String rows = "SELECT count(*) AS n FROM orders WHERE (o_orderkey, o_custkey) IN ("
                + list(InListExtractor.MIN_VALUES, i -> "(" + i + ", " + i % 7 + ")") + ")";
        for (String sql : List.of(expressions, mixedKinds, rows)) {
            QueryPlan plan = planning.planner.plan(sql);
            assertThat(plan).isInstanceOf(ServerPlan.class);
            assertThat(((ServerPlan) plan).reason()).startsWith("IN lists of ");
            assertThat(QueryResultTable.run(planning.database.singleNode(), sql).rows()).hasSize(1);
        }
    }

    @Test
    void valuesOfThousandsOfRowsIsOneValuesClause() throws Exception {
        String rows = IntStream.range(0, 5_000).mapToObj(i -> "(" + i * 3 + ")").collect(Collectors.joining(", "));
        String sql = "SELECT count(*) AS n, sum(o_totalprice) AS total FROM (VALUES " + rows + ") v (x)"
                + " JOIN orders ON x = o_orderkey";

        DistributedPlan plan = distributed(sql);

        assertThat(plan.stages().get(0).sql()).contains("VALUES").doesNotContain("UNION ALL");
        assertSameAsSingleNode(plan, sql, true);
    }

    private static String list(int count, IntFunction<String> value) {
        return IntStream.range(0, count).mapToObj(value).collect(Collectors.joining(", "));
    }

    private DistributedPlan distributed(String sql) throws QueryRefusedException {
        QueryPlan plan = planning.planner.plan(sql);
        assertThat(plan).as(plan.summary()).isInstanceOf(DistributedPlan.class);
        return (DistributedPlan) plan;
    }

    /** Runs the plan on the shards and compares with single-node DuckDB; {@code matches}: the test data has matching rows. */
    private QueryResultTable assertSameAsSingleNode(DistributedPlan plan, String sql, boolean matches) throws Exception {
        QueryResultTable expected = QueryResultTable.run(planning.database.singleNode(), sql);
        if (matches) {
            assertThat(expected.rows()).as("the test data has matching rows").isNotEmpty()
                    .noneMatch(row -> row.contains(0L));
        }
        QueryResultTable actual = planning.runner.run(plan);
        ResultAssertions.assertSameResult(actual, expected, false);
        return actual;
    }
}
