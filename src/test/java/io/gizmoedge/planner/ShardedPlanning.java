package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.catalog.TableDefinition;
import java.sql.SQLException;
import java.util.List;

/**
 * What a planner test needs, built once per test class: the sharded test database, a planner over
 * its tables, and the runner that executes plans on its shards through the server's stage scheduler.
 */
final class ShardedPlanning implements AutoCloseable {
    final ShardedTestDatabase database;
    /** Notes each plan in the planner tests' query log. */
    final RecordingPlanner planner;
    final DistributedPlanRunner runner;

    /** Over {@code database}, whose catalog is {@code tables} (its own, or with tables a test added), planned with {@code settings}. */
    ShardedPlanning(ShardedTestDatabase database, List<TableDefinition> tables, PlannerSettings settings) {
        this.database = database;
        this.planner = new RecordingPlanner(new QueryPlanner(tables, database::describe, settings));
        this.runner = new DistributedPlanRunner(database.shards(), database.singleNode());
    }

    /** Over a new {@link ShardedTestDatabase} and its tables. */
    /** Over a new {@link ShardedTestDatabase} and its tables, planned with {@code settings}. */
    static ShardedPlanning create(PlannerSettings settings) throws SQLException {
        ShardedTestDatabase database = ShardedTestDatabase.create();
        return new ShardedPlanning(database, database.tables(), settings);
    }

    /**
     * Plans {@code sql}, asserts that the plan is distributed, runs it on the shards and asserts that
     * the answer equals single-node DuckDB's (in order when {@code ordered}); returns the plan.
     */
    DistributedPlan assertDistributedAndExact(String name, String sql, boolean ordered) throws Exception {
        QueryPlan plan = planner.plan(sql);
        assertThat(plan).as("planning decision for %s: %s", name, plan.summary()).isInstanceOf(DistributedPlan.class);
        DistributedPlan distributed = (DistributedPlan) plan;
        QueryResultTable expected = QueryResultTable.run(database.singleNode(), sql);
        ResultAssertions.assertSameResult(runner.run(distributed), expected, ordered);
        return distributed;
    }

    /**
     * Plans {@code sql}, asserts that it runs on the server as written, for a one-line reason that
     * starts with {@code reason}; returns the plan.
     */
    ServerPlan assertOnServer(String sql, String reason) throws Exception {
        QueryPlan plan = planner.plan(sql);
        assertThat(plan).as(plan.summary()).isInstanceOf(ServerPlan.class);
        ServerPlan server = (ServerPlan) plan;
        assertThat(server.sql()).isEqualTo(sql);
        assertThat(server.reason()).startsWith(reason).doesNotContain("\n");
        return server;
    }

    @Override
    public void close() throws SQLException {
        database.close();
    }
}
