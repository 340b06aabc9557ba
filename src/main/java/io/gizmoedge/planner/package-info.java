/**
 * The query planner: {@link io.gizmoedge.planner.QueryPlanner} turns SQL into a
 * {@link io.gizmoedge.planner.DistributedPlan} (a DAG of stages on the workers, one worker or the
 * server) or a {@link io.gizmoedge.planner.ServerPlan} with the reason it did not distribute;
 * {@link io.gizmoedge.planner.PlanExplainer} turns either into EXPLAIN rows.
 *
 * <p>Steps, one class each, on a {@code PlanningThread} with a deep stack: {@code SqlFrontEnd}
 * (Babel parse, validate, SqlToRel), {@code InListExtractor} (long IN lists as constant lists),
 * {@code SubQueryRewriter} (sub-queries into joins, decorrelation), {@code JoinConditionRewriter}
 * (WHERE conditions into joins), {@code SemiJoinRewriter} (EXISTS / IN as semi-joins), {@code DistributionAnalyzer} (PARTITIONED with co-location keys /
 * REPLICATED / SINGLE / not distributable, per node), {@code ExchangePlacer} (the analysis's decisions
 * as {@code Exchange} nodes: split aggregates, gathers with top-N, broadcasts, repartitions),
 * {@code PlanFragmenter} (cuts the placed tree into stages at its exchanges), {@code AggregateSplitter} (partial and merge functions), {@code WorkerSqlGenerator} and
 * {@code FinalAggregate} (the partial aggregate and the final one over its rows), {@code DuckDbSqlWriter}
 * (RelToSqlConverter with the DuckDB dialect).
 */
package io.gizmoedge.planner;
