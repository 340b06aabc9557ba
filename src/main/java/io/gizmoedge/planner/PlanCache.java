package io.gizmoedge.planner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the plans of recent statements, so that a repeated statement is planned in
 * microseconds instead of Calcite's tens of milliseconds. The catalog does not change while the
 * server runs, so a plan stays valid; the least recently used plan goes when the cache is full.
 * Refusals are not cached. Thread-safe.
 */
public final class PlanCache {
    private final QueryPlanner planner;
    private final Map<String, QueryPlan> plans;

    public PlanCache(QueryPlanner planner, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("plan cache capacity must be positive");
        }
        this.planner = planner;
        this.plans = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, QueryPlan> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The plan of {@code sql}, from the cache when the same text was planned before. */
    public QueryPlan plan(String sql) throws QueryRefusedException {
        String key = key(sql);
        synchronized (plans) {
            QueryPlan cached = plans.get(key);
            if (cached != null) {
                return cached;
            }
        }
        QueryPlan plan = planner.plan(sql);
        synchronized (plans) {
            plans.put(key, plan);
        }
        return plan;
    }

    public int size() {
        synchronized (plans) {
            return plans.size();
        }
    }

    /** The statement text without surrounding white space and trailing semicolons. */
    static String key(String sql) {
        return SqlFrontEnd.stripTrailingSemicolons(sql);
    }
}
