package io.gizmoedge.protocol;

import java.util.Objects;

/**
 * Per-query settings the client sends with each query.
 *
 * @param distributed where the query may run
 * @param summarize false returns the workers' partial results unmerged
 */
public record QueryOptions(DistributedMode distributed, boolean summarize) {
    public static final QueryOptions DEFAULT = new QueryOptions(DistributedMode.TRUE, true);

    public QueryOptions {
        Objects.requireNonNull(distributed, "distributed");
    }

    public QueryOptions withDistributed(DistributedMode mode) {
        return new QueryOptions(mode, summarize);
    }

    public QueryOptions withSummarize(boolean value) {
        return new QueryOptions(distributed, value);
    }
}
