package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.catalog.TableDistribution;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PlanCacheTest {
    private final AtomicInteger describes = new AtomicInteger();
    private final QueryPlanner planner = new QueryPlanner(List.of(new TableDefinition("region",
            TableDistribution.REPLICATED, List.of(), List.of(new ColumnDefinition("r_name", "VARCHAR")), 5)),
            sql -> {
                describes.incrementAndGet();
                return List.of(new ResultColumn("r_name", "VARCHAR"));
            });

    @Test
    void repeatedStatementIsPlannedOnce() throws Exception {
        PlanCache cache = new PlanCache(planner, 10);
        QueryPlan first = cache.plan("SELECT r_name FROM region");
        int describesAfterFirst = describes.get();
        QueryPlan second = cache.plan("  SELECT r_name FROM region ;");
        assertThat(second).isSameAs(first);
        assertThat(describes.get()).isEqualTo(describesAfterFirst);
    }

    @Test
    void leastRecentlyUsedPlanIsEvicted() throws Exception {
        PlanCache cache = new PlanCache(planner, 2);
        QueryPlan a = cache.plan("SELECT r_name FROM region");
        cache.plan("SELECT r_name AS b FROM region");
        cache.plan("SELECT r_name FROM region");
        cache.plan("SELECT r_name AS c FROM region");
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.plan("SELECT r_name FROM region")).isSameAs(a);
    }

    @Test
    void plansBeyondTheTextBudgetAreEvictedOrNotCached() throws Exception {
        String query = "SELECT r_name FROM region";
        // an entry holds its key and its one stage, the query as written: room for two of the longer ones
        PlanCache cache = new PlanCache(planner, 10, 4L * "SELECT r_name AS b FROM region".length());
        QueryPlan a = cache.plan(query);
        cache.plan("SELECT r_name AS b FROM region");
        assertThat(cache.size()).isEqualTo(2);
        cache.plan("SELECT r_name AS c FROM region");
        assertThat(cache.size()).as("the least recently used plan made room").isEqualTo(2);
        assertThat(cache.plan(query)).isNotSameAs(a);

        String huge = "SELECT r_name FROM region WHERE r_name IN (" + "'x', ".repeat(5_000) + "'y')";
        cache.plan(huge);
        assertThat(cache.plan(huge)).as("a plan larger than the budget is planned again").isNotSameAs(cache.plan(huge));
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void refusalsAreNotCached() {
        PlanCache cache = new PlanCache(planner, 10);
        assertThatThrownBy(() -> cache.plan("DROP TABLE region")).isInstanceOf(QueryRefusedException.class);
        assertThat(cache.size()).isZero();
    }
}
