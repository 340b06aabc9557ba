package io.gizmoedge.bench;

import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One query measured through the cluster and through single-node DuckDB.
 *
 * @param query the query's name (q01 ... q22)
 * @param clusterMillis client-side wall time of each timed cluster run (empty when the cluster failed)
 * @param singleNodeMillis wall time of each timed single-node run
 * @param serverMillis the server's own elapsed time of each timed cluster run (from its summary)
 * @param summary how the cluster ran the query (empty when it failed)
 * @param answerDifference empty when the cluster's answer equals single-node DuckDB's; otherwise what differs
 * @param failure the cluster's error, when it failed
 * @param serverMetrics planning time and bytes moved, when the server reports them
 */
public record QueryMeasurement(String query, List<Double> clusterMillis, List<Double> singleNodeMillis,
        List<Double> serverMillis, Optional<ExecutionSummary> summary, Optional<String> answerDifference,
        Optional<String> failure, ServerMetrics serverMetrics) {

    public QueryMeasurement {
        Objects.requireNonNull(query, "query");
        clusterMillis = List.copyOf(clusterMillis);
        singleNodeMillis = List.copyOf(singleNodeMillis);
        serverMillis = List.copyOf(serverMillis);
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(answerDifference, "answerDifference");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(serverMetrics, "serverMetrics");
        if (failure.isEmpty() && (clusterMillis.isEmpty() || summary.isEmpty())) {
            throw new IllegalArgumentException(query + ": a query that did not fail needs cluster timings and a summary");
        }
    }

    /** A query the cluster failed to answer; only the single-node side was timed. */
    public static QueryMeasurement failed(String query, List<Double> singleNodeMillis, String failure) {
        return new QueryMeasurement(query, List.of(), singleNodeMillis, List.of(), Optional.empty(),
                Optional.empty(), Optional.of(failure), ServerMetrics.UNKNOWN);
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }

    /** True when the cluster answered and its answer equals single-node DuckDB's. */
    public boolean answerEqual() {
        return succeeded() && answerDifference.isEmpty();
    }

    public OptionalDouble clusterMedian() {
        return clusterMillis.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Statistics.median(clusterMillis));
    }

    public OptionalDouble singleNodeMedian() {
        return singleNodeMillis.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(Statistics.median(singleNodeMillis));
    }

    public OptionalDouble serverMedian() {
        return serverMillis.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Statistics.median(serverMillis));
    }

    /** Cluster median over single-node median; empty when either side has no timing. */
    public OptionalDouble ratio() {
        OptionalDouble cluster = clusterMedian();
        OptionalDouble single = singleNodeMedian();
        if (cluster.isEmpty() || single.isEmpty() || !(single.getAsDouble() > 0)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Statistics.ratio(cluster.getAsDouble(), single.getAsDouble()));
    }

    public Optional<ExecutionLocation> location() {
        return summary.map(ExecutionSummary::location);
    }

    /** Where the query ran, in one or two words: distributed, server, raw, partial or failed. */
    public String ranAt() {
        return location().map(l -> l.name().toLowerCase(Locale.ROOT)).orElse("failed");
    }

    /** Why the server ran the query where it did, when it said (e.g. the reason for a fallback). */
    public Optional<String> reason() {
        return summary.map(ExecutionSummary::reason).filter(r -> !r.isBlank());
    }
}
