package io.gizmoedge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverBenchmarkTest {
    private static final FailoverBenchmark.Options OPTIONS = new FailoverBenchmark.Options(Path.of("bench"), 1, 6, 3, 2, 3,
            Duration.ofSeconds(3), "SELECT count(*) FROM lineitem");

    @Test
    void theBoundIsTwiceTheMedianUndisturbedTimePlusTheMedianReassignment() {
        FailoverBenchmark.Result result = new FailoverBenchmark.Result(OPTIONS, List.of(8.0, 7.0, 9.0), List.of(3.0, 5.0, 4.0),
                List.of(14.0, 20.0, 19.9), List.of());
        assertThat(result.boundSeconds()).isEqualTo(20.0);
        assertThat(result.withinBound()).isTrue();
        assertThat(FailoverBenchmark.markdown(result)).contains("| the query with a worker killed in it | 19.90 | 20.00 |")
                .contains("20.00 s, every run within it").contains("all equal to the undisturbed answer");
    }

    @Test
    void oneSlowFailoverOrOneDifferentAnswerIsReported() {
        FailoverBenchmark.Result result = new FailoverBenchmark.Result(OPTIONS, List.of(8.0), List.of(4.0),
                List.of(10.0, 20.5), List.of("run 2: the answer differs: 1 row"));
        assertThat(result.withinBound()).isFalse();
        assertThat(FailoverBenchmark.markdown(result)).contains("missed").contains("run 2: the answer differs");
    }

    @Test
    void aClusterWithOneWorkerIsRefused() {
        assertThatThrownBy(() -> new FailoverBenchmark.Options(Path.of("bench"), 1, 4, 1, 2, 3, Duration.ofSeconds(3), "SELECT 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--workers must be at least 2");
    }
}
