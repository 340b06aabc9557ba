package io.gizmoedge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
    private static BenchmarkOptions options(double sf, int shards, int workers, int runs, int threads, String output) {
        return new BenchmarkOptions(sf, shards, workers, runs, 2, threads, Path.of("bench"), List.of(1), Path.of(output));
    }

    @Test
    void threadsAreSplitEvenlyBetweenWorkers() {
        assertThat(options(1, 4, 2, 3, 2, "r.md").threadsPerWorker()).isEqualTo(1);
        assertThat(options(1, 4, 2, 3, 5, "r.md").threadsPerWorker()).isEqualTo(2);
        assertThat(options(1, 4, 1, 3, 8, "r.md").threadsPerWorker()).isEqualTo(8);
    }

    @Test
    void onlyWorkersWithAShardServe() {
        assertThat(options(1, 1, 3, 3, 3, "r.md").servingWorkers()).isEqualTo(1);
        assertThat(options(1, 4, 2, 3, 2, "r.md").servingWorkers()).isEqualTo(2);
    }

    @Test
    void csvAndChartAreWrittenNextToTheReport() {
        BenchmarkOptions options = options(1, 4, 2, 3, 2, "out/bench-sf1.md");
        assertThat(options.csvOutput()).isEqualTo(Path.of("out/bench-sf1.csv"));
        assertThat(options.chartOutput()).isEqualTo(Path.of("out/bench-sf1.svg"));
    }

    @Test
    void badValuesAreRefusedWithWhatToDo() {
        assertThatThrownBy(() -> options(0.001, 4, 2, 3, 2, "r.md")).hasMessageContaining("--scale-factor must be at least 0.01");
        assertThatThrownBy(() -> options(1, 0, 2, 3, 2, "r.md")).hasMessageContaining("--shards must be between 1 and 1000");
        assertThatThrownBy(() -> options(1, 4, 0, 3, 2, "r.md")).hasMessageContaining("--workers must be at least 1");
        assertThatThrownBy(() -> options(1, 4, 2, 0, 2, "r.md")).hasMessageContaining("--runs must be at least 1");
        assertThatThrownBy(() -> options(1, 4, 2, 3, 0, "r.md")).hasMessageContaining("--threads must be at least 1");
        assertThatThrownBy(() -> options(1, 4, 3, 3, 2, "r.md"))
                .hasMessageContaining("--threads (2) must be at least --workers (3)")
                .hasMessageContaining("raise --threads or lower --workers");
        assertThatThrownBy(() -> options(1, 4, 2, 3, 2, "report.txt")).hasMessageContaining("ending in .md");
        assertThatThrownBy(() -> new BenchmarkOptions(1, 4, 2, 3, 2, 2, Path.of("b"), List.of(), Path.of("r.md")))
                .hasMessageContaining("--queries selects no query");
    }
}
