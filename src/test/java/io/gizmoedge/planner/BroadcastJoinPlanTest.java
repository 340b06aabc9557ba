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
 * Joins of two partitioned inputs that are not co-located, with a side of at most 100 estimated rows
 * (the test data's customer has 60, orders 200): that side is sent whole to every worker
 * (BROADCAST) when the join keeps the other side's rows, and the other side stays where it is; two
 * large sides are repartitioned. Every plan runs through the stage scheduler over real DuckDB
 * shards and is compared with the single-node answer.
 */
class BroadcastJoinPlanTest extends ShardedPlanningTest {
    private static final PlannerSettings SETTINGS = new PlannerSettings(PlannerSettings.NEVER, 100);

    @Override
    protected PlannerSettings settings() {
        return SETTINGS;
    }

    static Stream<Arguments> broadcastJoins() {
        return Stream.of(
                // name, SQL
                Arguments.of("inner join on non-key columns", "SELECT c_mktsegment, count(*) AS n, sum(o_totalprice) AS t"
                        + " FROM orders JOIN customer ON o_shippriority = c_nationkey GROUP BY c_mktsegment"),
                Arguments.of("LEFT join keeps the big side's unmatched rows once", "SELECT o_orderkey, count(c_custkey) AS n"
                        + " FROM orders LEFT JOIN customer ON o_shippriority = c_nationkey GROUP BY o_orderkey"),
                Arguments.of("RIGHT join whose preserved side is the big one", "SELECT count(*) AS n, count(c_custkey) AS c"
                        + " FROM customer RIGHT JOIN orders ON c_nationkey = o_shippriority"),
                Arguments.of("a join on floating-point values, which cannot be hashed", "SELECT count(*) AS n FROM orders"
                        + " JOIN customer ON o_weight = CAST(c_acctbal AS DOUBLE)"),
                Arguments.of("a join with no equality at all", "SELECT count(*) AS n, min(o_orderkey) AS lo FROM orders"
                        + " JOIN customer ON o_totalprice < c_acctbal * 10 AND c_nationkey < 3"),
                Arguments.of("a filtered side estimated small enough", "SELECT count(*) AS n FROM lineitem"
                        + " JOIN orders ON l_partkey = o_custkey WHERE o_orderstatus = 'F' AND o_shippriority = 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broadcastJoins")
    void theSmallSideIsBroadcast(String name, String sql) throws Exception {
        DistributedPlan plan = planning.assertDistributedAndExact(name, sql, false);
        assertThat(plan.stages()).as("stages of %s", name).noneMatch(Stage::repartitioned);
        List<ExplainRow> explained = new PlanExplainer().explain(plan);
        assertThat(explained).as("EXPLAIN of %s", name)
                .anyMatch(row -> row.location().equals(StageLocation.WORKERS.name())
                        && row.exchange().equals(PlanExplainer.BROADCAST) && row.note().matches(".*about [0-9,]+ rows estimated.*"));
    }

    @Test
    void twoLargeSidesAreRepartitioned() throws Exception {
        DistributedPlan plan = planning.assertDistributedAndExact("two large sides",
                "SELECT count(*) AS n FROM orders o1 JOIN orders o2 ON o1.o_shippriority = o2.o_shippriority", false);
        assertThat(plan.stages()).anyMatch(Stage::repartitioned);
    }

    @Test
    void aFullJoinIsNeverBroadcast() throws Exception {
        DistributedPlan plan = planning.assertDistributedAndExact("full join",
                "SELECT count(*) AS n, count(c_custkey) AS c, count(o_orderkey) AS o FROM customer"
                        + " FULL JOIN orders ON c_nationkey = o_shippriority", false);
        assertThat(plan.stages()).anyMatch(Stage::repartitioned);
        assertThat(plan.stages()).noneMatch(stage -> stage.name().startsWith("broadcast"));
    }
}
