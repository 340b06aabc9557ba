package io.gizmoedge.planner;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the plans of recent statements, so that a repeated statement is planned in
 * microseconds instead of Calcite's tens of milliseconds. The catalog does not change while the
 * server runs, so a plan stays valid; the least recently used plans go when the cache holds more
 * than {@code capacity} plans or more than {@code maxCharacters} of SQL text (statements and stage
 * SQL: 512 plans of 100,000-value IN lists would otherwise hold a gigabyte). A statement whose plan
 * alone is larger is planned every time. Refusals are not cached. Thread-safe.
 */
public final class PlanCache {
    /** About 32 MB of strings. */
    static final long DEFAULT_MAX_CHARACTERS = 32L * 1024 * 1024;

    private final QueryPlanner planner;
    private final int capacity;
    private final long maxCharacters;
    private final Map<String, QueryPlan> plans = new LinkedHashMap<>(16, 0.75f, true);
    private long characters;

    public PlanCache(QueryPlanner planner, int capacity) {
        this(planner, capacity, DEFAULT_MAX_CHARACTERS);
    }

    PlanCache(QueryPlanner planner, int capacity, long maxCharacters) {
        if (capacity < 1 || maxCharacters < 1) {
            throw new IllegalArgumentException("plan cache capacity must be positive");
        }
        this.planner = planner;
        this.capacity = capacity;
        this.maxCharacters = maxCharacters;
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
        long size = characters(key, plan);
        if (size <= maxCharacters) {
            synchronized (plans) {
                QueryPlan replaced = plans.put(key, plan);
                characters += size - (replaced == null ? 0 : characters(key, replaced));
                evictBeyondBounds();
            }
        }
        return plan;
    }

    private void evictBeyondBounds() {
        Iterator<Map.Entry<String, QueryPlan>> leastRecentlyUsed = plans.entrySet().iterator();
        while ((plans.size() > capacity || characters > maxCharacters) && leastRecentlyUsed.hasNext()) {
            Map.Entry<String, QueryPlan> entry = leastRecentlyUsed.next();
            characters -= characters(entry.getKey(), entry.getValue());
            leastRecentlyUsed.remove();
        }
    }

    /** The SQL text a cached entry holds: its key and the plan's statements. */
    private static long characters(String key, QueryPlan plan) {
        long planCharacters = plan instanceof DistributedPlan distributed
                ? distributed.stages().stream().mapToLong(stage -> stage.sql().length()).sum()
                : ((ServerPlan) plan).sql().length();
        return key.length() + planCharacters;
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
