package io.gizmoedge.planner;

/** How the server answers a query: on its full database, or distributed over the workers' shards. */
public sealed interface QueryPlan permits ServerPlan, DistributedPlan {
    /** One user-facing sentence describing the plan. */
    String summary();
}
