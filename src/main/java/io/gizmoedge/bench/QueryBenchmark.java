package io.gizmoedge.bench;

import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.demo.Answer;
import io.gizmoedge.demo.AnswerComparison;
import io.gizmoedge.demo.NamedQuery;
import io.gizmoedge.protocol.ExecutionSummary;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures one query: a warm-up run on each side (whose answers are compared), then the timed
 * runs, alternating cluster and single node so that drift in the machine's load hits both alike.
 */
public final class QueryBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(QueryBenchmark.class);

    private final ClusterTimer cluster;
    private final SingleNodeTimer singleNode;
    private final int runs;

    public QueryBenchmark(ClusterTimer cluster, SingleNodeTimer singleNode, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("at least one timed run is needed, not " + runs);
        }
        this.cluster = cluster;
        this.singleNode = singleNode;
        this.runs = runs;
    }

    /**
     * Measures {@code query}. A cluster failure is recorded in the measurement; a single-node
     * failure means the dataset is broken and is thrown.
     */
    public QueryMeasurement measure(NamedQuery query) throws SQLException, IOException {
        Answer expected = singleNode.answer(query.sql());
        List<Double> singleMillis = new ArrayList<>();
        ClusterRun warmUp;
        try {
            warmUp = cluster.run(query.sql(), true);
        } catch (QueryFailedException e) {
            return failed(query, singleMillis, e.getMessage());
        }
        Optional<String> difference = AnswerComparison.difference(expected, warmUp.answer().orElseThrow(),
                AnswerComparison.isOrdered(query.sql()));

        List<Double> clusterMillis = new ArrayList<>();
        List<Double> serverMillis = new ArrayList<>();
        ExecutionSummary summary = warmUp.summary();
        for (int run = 0; run < runs; run++) {
            ClusterRun timed;
            try {
                timed = cluster.run(query.sql(), false);
            } catch (QueryFailedException e) {
                return failed(query, singleMillis, "timed run " + (run + 1) + " failed: " + e.getMessage());
            }
            clusterMillis.add(timed.millis());
            serverMillis.add((double) timed.summary().elapsedMillis());
            summary = timed.summary();
            singleMillis.add(singleNode.time(query.sql()));
        }
        QueryMeasurement measurement = new QueryMeasurement(query.name(), clusterMillis, singleMillis, serverMillis,
                Optional.of(summary), difference, Optional.empty(), ServerMetrics.from(summary));
        LOG.info("{}: cluster {} ms, single-node {} ms, ratio {}, {}{}", query.name(),
                Figures.millis(measurement.clusterMedian()), Figures.millis(measurement.singleNodeMedian()),
                Figures.ratio(measurement.ratio()), summary.describe(),
                difference.map(d -> "; ANSWER DIFFERS: " + d).orElse(""));
        return measurement;
    }

    private QueryMeasurement failed(NamedQuery query, List<Double> singleMillis, String failure)
            throws SQLException, IOException {
        LOG.warn("{}: the cluster failed: {}", query.name(), failure);
        while (singleMillis.size() < runs) {
            singleMillis.add(singleNode.time(query.sql()));
        }
        return QueryMeasurement.failed(query.name(), singleMillis, failure);
    }
}
