package io.gizmoedge.bench;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.demo.Answer;
import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/** Times queries through a connected client, as a user of the cluster sees them. */
public final class ClusterTimer {
    private final QueryExecutor executor;

    public ClusterTimer(QueryExecutor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Runs {@code sql} and measures the wall time until the client holds the whole answer as Arrow
     * batches. With {@code keepAnswer}, the answer is also converted for comparison, after the clock stopped.
     */
    public ClusterRun run(String sql, boolean keepAnswer) throws QueryFailedException, IOException {
        long started = System.nanoTime();
        try (QueryResult result = executor.execute(sql, QueryOptions.DEFAULT)) {
            double millis = (System.nanoTime() - started) / 1e6;
            Optional<Answer> answer = keepAnswer
                    ? Optional.of(Answer.of(result.schema().getFields(), result.batches()))
                    : Optional.empty();
            return new ClusterRun(millis, result.summary(), answer);
        }
    }
}
