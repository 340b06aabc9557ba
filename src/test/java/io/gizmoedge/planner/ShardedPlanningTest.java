package io.gizmoedge.planner;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A planner test class over one {@link ShardedPlanning}, built before its tests and closed after them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShardedPlanningTest {
    protected ShardedPlanning planning;

    /** The planning the tests use: by default over a new sharded test database and its own tables. */
    protected ShardedPlanning createPlanning() throws SQLException {
        return ShardedPlanning.create(settings());
    }

    /** How the tests' planner chooses between correct plans: the server's defaults unless a test class says otherwise. */
    protected PlannerSettings settings() {
        return PlannerSettings.DEFAULT;
    }

    @BeforeAll
    final void createPlanningOnce() throws SQLException {
        planning = createPlanning();
    }

    @AfterAll
    final void closePlanning() throws SQLException {
        planning.close();
    }
}
