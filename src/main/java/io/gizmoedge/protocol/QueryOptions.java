package io.gizmoedge.protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-query settings the client sends with each query.
 *
 * @param distributed where the query may run
 * @param summarize false returns the workers' partial results unmerged
 * @param timeoutMillis the session's statement timeout in milliseconds, 0 for none (the server's
 *     {@code --query-timeout} applies as well; the shorter one wins)
 */
public record QueryOptions(DistributedMode distributed, boolean summarize, long timeoutMillis) {
    public static final QueryOptions DEFAULT = new QueryOptions(DistributedMode.TRUE, true, 0);

    public QueryOptions {
        Objects.requireNonNull(distributed, "distributed");
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeoutMillis must be 0 (none) or positive");
        }
    }

    public QueryOptions(DistributedMode distributed, boolean summarize) {
        this(distributed, summarize, 0);
    }

    public QueryOptions withDistributed(DistributedMode mode) {
        return new QueryOptions(mode, summarize, timeoutMillis);
    }

    public QueryOptions withSummarize(boolean value) {
        return new QueryOptions(distributed, value, timeoutMillis);
    }

    /** These options with the session timeout {@code timeout} ({@link Duration#ZERO} for none). */
    public QueryOptions withTimeout(Duration timeout) {
        return new QueryOptions(distributed, summarize, timeout.toMillis());
    }
}
