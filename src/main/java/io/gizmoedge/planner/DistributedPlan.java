package io.gizmoedge.planner;

import java.util.List;
import java.util.Objects;

/**
 * A two-step plan. Every worker runs {@code workerSql} over its shards (its DuckDB holds each table
 * under its plain name: its own shards' rows of partitioned tables, all rows of replicated ones).
 * The server registers all workers' results as one table named {@code partialTableName} and runs
 * {@code mergeSql} over it; that gives the same result (names, types, rows, order) as the original
 * query on one node.
 *
 * @param partitionedTables the partitioned tables the worker query reads, sorted by name
 * @param description one user-facing sentence describing how the query was split
 */
public record DistributedPlan(
        String workerSql,
        String mergeSql,
        String partialTableName,
        List<String> partitionedTables,
        String description) implements QueryPlan {

    public DistributedPlan {
        Objects.requireNonNull(workerSql, "workerSql");
        Objects.requireNonNull(mergeSql, "mergeSql");
        Objects.requireNonNull(partialTableName, "partialTableName");
        Objects.requireNonNull(description, "description");
        partitionedTables = List.copyOf(partitionedTables);
        if (partitionedTables.isEmpty()) {
            throw new IllegalArgumentException("a distributed plan reads at least one partitioned table");
        }
    }

    @Override
    public String summary() {
        return "distributed: " + description;
    }
}
