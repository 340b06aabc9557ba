package io.gizmoedge.bench;

import io.gizmoedge.demo.QueryCheck;
import io.gizmoedge.protocol.ExecutionLocation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answers of one cluster shape: {@code shards} shards served by {@code workers} workers.
 *
 * @param checks one per query (empty when the cluster did not start)
 * @param startFailure why the cluster did not start, when it did not
 */
public record MatrixCell(int shards, int workers, List<QueryCheck> checks, Optional<String> startFailure) {
    public MatrixCell {
        checks = List.copyOf(checks);
        Objects.requireNonNull(startFailure, "startFailure");
    }

    /** The queries whose answer differs from single-node DuckDB's (or failed). */
    public List<QueryCheck> mismatches() {
        return checks.stream().filter(c -> !c.matches()).toList();
    }

    /** True when the cluster started and every answer equals single-node DuckDB's. */
    public boolean passed() {
        return startFailure.isEmpty() && mismatches().isEmpty();
    }

    public long distributedCount() {
        return checks.stream().filter(c -> c.summary()
                .filter(s -> s.location() == ExecutionLocation.DISTRIBUTED).isPresent()).count();
    }
}
