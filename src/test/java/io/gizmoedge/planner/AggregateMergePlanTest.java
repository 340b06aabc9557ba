package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where a split aggregate's final step runs, chosen by the estimated number of groups: here more
 * than 40 groups are merged on the workers (the test data's l_partkey has 50 values, l_suppkey 10),
 * over partial rows repartitioned by a group key. Every plan runs through the stage scheduler over
 * real DuckDB shards and is compared with the single-node answer.
 */
class AggregateMergePlanTest extends ShardedPlanningTest {
    private static final PlannerSettings SETTINGS = new PlannerSettings(40);

    @Override
    protected PlannerSettings settings() {
        return SETTINGS;
    }

    static Stream<Arguments> mergedOnWorkers() {
        return Stream.of(
                // name, ordered result, SQL
                Arguments.of("GROUP BY a column with many values", false,
                        "SELECT l_partkey, count(*) AS n, sum(l_quantity) AS q, avg(l_extendedprice) AS p FROM lineitem"
                                + " GROUP BY l_partkey"),
                Arguments.of("COUNT(DISTINCT) of a column with many values, without GROUP BY", false,
                        "SELECT count(DISTINCT l_partkey) AS parts FROM lineitem"),
                Arguments.of("several DISTINCT aggregates of one column, with a filter below", false,
                        "SELECT count(DISTINCT l_partkey) AS parts, sum(DISTINCT l_partkey) AS total, avg(DISTINCT l_partkey)"
                                + " AS mean FROM lineitem WHERE l_shipdate > DATE '1994-01-01'"),
                Arguments.of("grouped COUNT(DISTINCT) with variance", false,
                        "SELECT l_partkey, count(DISTINCT l_suppkey) AS suppliers, stddev_samp(l_quantity) AS s FROM lineitem"
                                + " GROUP BY l_partkey"),
                Arguments.of("merged groups under HAVING, ORDER BY and LIMIT", true,
                        "SELECT l_partkey, sum(l_quantity) AS q FROM lineitem GROUP BY l_partkey HAVING count(*) > 2"
                                + " ORDER BY q DESC, l_partkey LIMIT 5"),
                Arguments.of("merged groups joined with a partitioned table", false,
                        "SELECT o_orderstatus, count(*) AS n, sum(q) AS q FROM (SELECT l_partkey, sum(l_quantity) AS q"
                                + " FROM lineitem GROUP BY l_partkey) t JOIN orders ON l_partkey = o_orderkey GROUP BY o_orderstatus"),
                Arguments.of("merged groups aggregated again", false,
                        "SELECT n, count(*) AS parts FROM (SELECT l_partkey, count(*) AS n FROM lineitem GROUP BY l_partkey) t"
                                + " GROUP BY n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mergedOnWorkers")
    void manyGroupsAreMergedOnTheWorkers(String name, boolean ordered, String sql) throws Exception {
        DistributedPlan plan = planning.assertDistributedAndExact(name, sql, ordered);
        assertThat(plan.stages()).as("stages of %s", name)
                .anyMatch(stage -> stage.name().startsWith("partial") && stage.repartitioned());
        List<ExplainRow> explained = new PlanExplainer().explain(plan);
        assertThat(explained).extracting(ExplainRow::exchange)
                .anyMatch(exchange -> exchange.startsWith(PlanExplainer.REPARTITION + " BY hash("));
        assertThat(explained).extracting(ExplainRow::note).anyMatch(note -> note.matches(".*about [0-9,]+ groups estimated.*"));
    }

    @Test
    void fewGroupsAreMergedOnTheServer() throws Exception {
        DistributedPlan plan = planning.assertDistributedAndExact("few groups",
                "SELECT l_suppkey, count(*) AS n, count(DISTINCT l_returnflag) AS flags FROM lineitem GROUP BY l_suppkey", false);
        assertThat(plan.stages()).noneMatch(Stage::repartitioned);
        assertThat(plan.stages()).extracting(Stage::explanation)
                .anyMatch(explanation -> explanation.contains("groups estimated") && explanation.endsWith("the server merges them"));
    }

    @Test
    void groupsOfAnExpressionHaveNoEstimateAndAreMergedOnTheServer() throws Exception {
        DistributedPlan plan = planning.assertDistributedAndExact("an expression",
                "SELECT l_partkey + l_suppkey AS k, count(*) AS n FROM lineitem GROUP BY l_partkey + l_suppkey", false);
        assertThat(plan.stages()).noneMatch(Stage::repartitioned);
        assertThat(plan.stages()).extracting(Stage::explanation).anyMatch(e -> e.contains("no estimate of the groups"));
    }

    @Test
    void theDefaultMergesTheTestDataOnTheServer() throws Exception {
        QueryPlanner planner = new QueryPlanner(planning.database.tables(), planning.database::describe);
        DistributedPlan plan = (DistributedPlan) planner.plan("SELECT l_partkey, count(*) AS n FROM lineitem GROUP BY l_partkey");
        assertThat(plan.stages()).noneMatch(Stage::repartitioned);
    }
}
