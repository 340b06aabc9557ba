package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.catalog.TableDistribution;
import io.gizmoedge.catalog.TablePlacement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Queries over schema gizmo plan as server plans naming the tables they read; gizmo.cancel is recognised from the parse tree. */
class ClusterStatePlanTest {
    private final QueryPlanner planner = new QueryPlanner(List.of(new TableDefinition("region",
            TableDistribution.REPLICATED, List.of(),
            List.of(new ColumnDefinition("r_regionkey", "INTEGER"), new ColumnDefinition("r_name", "VARCHAR")), 5,
            new TablePlacement.Replicated())),
            sql -> {
                throw new AssertionError("a query over gizmo.* is not described by DuckDB: " + sql);
            });

    @Test
    void queriesOverGizmoTablesRunOnTheServerWithTheTablesTheyRead() throws QueryRefusedException {
        QueryPlan plan = planner.plan("SELECT q.username, count(*) FROM gizmo.queries q JOIN gizmo.sessions s"
                + " ON q.session_id = s.id WHERE q.state = 'running' GROUP BY q.username ORDER BY 2 DESC");
        assertThat(plan).isInstanceOf(ServerPlan.class);
        assertThat(((ServerPlan) plan).reason()).isEqualTo(ClusterStateTables.REASON);
        assertThat(((ServerPlan) plan).clusterStateTables()).containsExactlyInAnyOrder("queries", "sessions");
    }

    @Test
    void aGizmoTableInASubQueryCounts() throws QueryRefusedException {
        ServerPlan plan = (ServerPlan) planner.plan(
                "SELECT r_name FROM region WHERE r_regionkey IN (SELECT shard_id FROM gizmo.shards)");
        assertThat(plan.clusterStateTables()).isEqualTo(Set.of("shards"));
    }

    @Test
    void unknownGizmoTablesAreRefused() {
        assertThatThrownBy(() -> planner.plan("SELECT * FROM gizmo.nodes"))
                .isInstanceOf(QueryRefusedException.class).hasMessageContaining("gizmo.nodes");
    }

    @Test
    void cancelIsAStatementOfItsOwn() throws QueryRefusedException {
        assertThat(CancelCall.parse("SELECT gizmo.cancel(42)")).contains(42L);
        assertThat(CancelCall.parse("  select GIZMO.Cancel( 7 ) as stopped ; ")).contains(7L);
        assertThat(CancelCall.parse("SELECT * FROM region")).isEmpty();
        assertThat(CancelCall.parse("SELECT 'gizmo.cancel(1)' AS text")).isEmpty();
        assertThat(CancelCall.parse("SELECT cancel FROM t")).isEmpty();
        for (String other : List.of("SELECT gizmo.cancel(id) FROM gizmo.queries", "SELECT gizmo.cancel(1), 2",
                "SELECT * FROM gizmo.queries WHERE gizmo.cancel(id)", "SELECT gizmo.cancel('4')", "SELECT gizmo.cancel(1.5)",
                "SELECT gizmo.cancel()")) {
            assertThatThrownBy(() -> CancelCall.parse(other)).as(other)
                    .isInstanceOf(QueryRefusedException.class).hasMessageContaining("SELECT gizmo.cancel(42)");
        }
    }
}
