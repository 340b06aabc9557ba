package io.gizmoedge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryMeasurementTest {

    @Test
    void ratioIsTheClusterMedianOverTheSingleNodeMedian() {
        QueryMeasurement m = Reports.distributed("q01", List.of(100.0, 300.0, 120.0), List.of(40.0, 60.0, 1000.0));
        assertThat(m.clusterMedian()).hasValue(120.0);
        assertThat(m.singleNodeMedian()).hasValue(60.0);
        assertThat(m.ratio().getAsDouble()).isCloseTo(2.0, within(1e-12));
        assertThat(m.serverMedian()).hasValue(41.0);
        assertThat(m.ranAt()).isEqualTo("distributed");
        assertThat(m.answerEqual()).isTrue();
    }

    @Test
    void aFailedQueryHasNoRatioAndIsNotEqual() {
        QueryMeasurement m = QueryMeasurement.failed("q09", List.of(10.0), "boom");
        assertThat(m.ratio()).isEmpty();
        assertThat(m.clusterMedian()).isEmpty();
        assertThat(m.ranAt()).isEqualTo("failed");
        assertThat(m.answerEqual()).isFalse();
        assertThat(m.succeeded()).isFalse();
    }

    @Test
    void aSuccessfulQueryNeedsTimingsAndASummary() {
        assertThatThrownBy(() -> new QueryMeasurement("q01", List.of(), List.of(1.0), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), ServerMetrics.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportSummarizesRatiosOfQueriesTimedOnBothSides() {
        BenchmarkReport report = Reports.sample();
        assertThat(report.ratios()).containsExactly(2.0, 0.5);
        assertThat(report.geometricMeanRatio().getAsDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(report.meetsTarget()).isTrue();
        assertThat(report.geometricMeanRatio(ExecutionLocation.DISTRIBUTED)).hasValue(2.0);
        assertThat(report.geometricMeanRatio(ExecutionLocation.SERVER)).hasValue(0.5);
        assertThat(report.geometricMeanRatio(ExecutionLocation.RAW)).isEmpty();
        assertThat(report.failedCount()).isEqualTo(1);
        assertThat(report.answersEqualCount()).isEqualTo(2);
        assertThat(report.countRanAt(ExecutionLocation.DISTRIBUTED)).isEqualTo(1);
        assertThat(report.countRanAt(ExecutionLocation.SERVER)).isEqualTo(1);
    }

    @Test
    void targetIsMissedAboveOneAndAHalf() {
        BenchmarkReport report = new BenchmarkReport(Reports.options(List.of(1)), Reports.MACHINE, "v",
                Instant.EPOCH, List.of(Reports.distributed("q01", List.of(151.0), List.of(100.0))));
        assertThat(report.meetsTarget()).isFalse();
    }

    @Test
    void serverMetricsComeFromTheSummary() {
        var summary = new ExecutionSummary(ExecutionLocation.DISTRIBUTED, 2, 4, "", 1, 5, 3, 4096);
        ServerMetrics metrics = ServerMetrics.from(summary);
        assertThat(metrics.planningMillis()).contains(3.0);
        assertThat(metrics.bytesFromWorkers()).hasValue(4096);
    }
}
