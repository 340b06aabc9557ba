package io.gizmoedge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesMarkdownCsvAndChartCreatingTheDirectory() throws Exception {
        BenchmarkReport sample = Reports.sample();
        BenchmarkOptions o = sample.options();
        BenchmarkOptions here = new BenchmarkOptions(o.scaleFactor(), o.shards(), o.workers(), o.runs(), o.warmUpRounds(), o.threads(),
                dir, o.queries(), dir.resolve("out/sf1.md"));
        BenchmarkReport report = new BenchmarkReport(here, sample.machine(), sample.duckDbVersion(), Instant.EPOCH,
                sample.measurements());
        var written = new ReportFiles().write(report);
        assertThat(written).containsExactly(dir.resolve("out/sf1.md"), dir.resolve("out/sf1.csv"),
                dir.resolve("out/sf1.svg"));
        assertThat(Files.readString(written.get(0))).startsWith("# Gizmo Edge benchmark");
        assertThat(Files.readString(written.get(1))).startsWith("query,cluster_ms");
        assertThat(Files.readString(written.get(2))).startsWith("<svg");
    }
}
