/**
 * The query planner, first cut: {@link io.gizmoedge.planner.QueryPlanner} turns SQL into a
 * {@link io.gizmoedge.planner.DistributedPlan} (worker SQL + merge SQL over the gathered partials)
 * or a {@link io.gizmoedge.planner.ServerPlan} with the reason it did not distribute.
 *
 * <p>Steps, one class each: {@code SqlFrontEnd} (Babel parse, validate, SqlToRel),
 * {@code JoinConditionRewriter} (WHERE conditions into joins), {@code DistributionAnalyzer}
 * (REPLICATED / PARTITIONED with co-location keys / not distributable, per node),
 * {@code AggregateQuery} (the distributable shape: Sort/Project/Filter over one Aggregate),
 * {@code AggregateSplitter} (partial and merge functions), {@code WorkerSqlGenerator} and
 * {@code MergeSqlGenerator} (DuckDB SQL through RelToSqlConverter plus hand-written merge aggregates).
 */
package io.gizmoedge.planner;
