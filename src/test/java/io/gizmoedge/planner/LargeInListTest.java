package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Long lists of constants (IN lists, VALUES) are planned without deep recursion, distributed when
 * the rest of the query is, and give single-node DuckDB's answer on real DuckDB shards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeInListTest {
    private ShardedTestDatabase database;
    private QueryPlanner planner;
    private DistributedPlanRunner runner;

    @BeforeAll
    void createDatabase() throws SQLException {
        database = ShardedTestDatabase.create();
        planner = new QueryPlanner(database.tables(), database::describe);
        runner = new DistributedPlanRunner(database.shards(), database.singleNode());
    }

    @AfterAll
    void closeDatabase() throws SQLException {
        database.close();
    }

    @Test
    void valuesOfThousandsOfRowsIsOneValuesClause() throws Exception {
        String rows = IntStream.range(0, 5_000).mapToObj(i -> "(" + i * 3 + ")").collect(Collectors.joining(", "));
        String sql = "SELECT count(*) AS n, sum(o_totalprice) AS total FROM (VALUES " + rows + ") v (x)"
                + " JOIN orders ON x = o_orderkey";

        DistributedPlan plan = distributed(sql);

        assertThat(plan.stages().get(0).sql()).contains("VALUES").doesNotContain("UNION ALL");
        assertSameAsSingleNode(plan, sql);
    }

    private DistributedPlan distributed(String sql) throws QueryRefusedException {
        QueryPlan plan = planner.plan(sql);
        assertThat(plan).as(plan.summary()).isInstanceOf(DistributedPlan.class);
        return (DistributedPlan) plan;
    }

    private void assertSameAsSingleNode(DistributedPlan plan, String sql) throws Exception {
        QueryResultTable expected = QueryResultTable.run(database.singleNode(), sql);
        assertThat(expected.rows()).as("the test data answers with rows").isNotEmpty();
        ResultAssertions.assertSameResult(runner.run(plan), expected, false);
    }
}
