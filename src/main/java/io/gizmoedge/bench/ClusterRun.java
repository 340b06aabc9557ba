package io.gizmoedge.bench;

import io.gizmoedge.demo.Answer;
import io.gizmoedge.protocol.ExecutionSummary;
import java.util.Objects;
import java.util.Optional;

/**
 * One query run through the cluster.
 *
 * @param millis client-side wall time from sending the query to holding every batch of the answer
 * @param summary how the server ran it
 * @param answer the answer, when it was asked for (read after the clock stopped)
 */
public record ClusterRun(double millis, ExecutionSummary summary, Optional<Answer> answer) {
    public ClusterRun {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(answer, "answer");
    }
}
