package io.gizmoedge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a report as Markdown, CSV and an SVG chart at the paths its options name. */
public final class ReportFiles {
    private final MarkdownReport markdown = new MarkdownReport();
    private final CsvReport csv = new CsvReport();
    private final SvgRatioChart chart = new SvgRatioChart();

    /** Writes the three files, creating the directory if needed; returns their paths. */
    public List<Path> write(BenchmarkReport report) throws IOException {
        BenchmarkOptions options = report.options();
        Path parent = options.output().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(options.output(), markdown.render(report), StandardCharsets.UTF_8);
        Files.writeString(options.csvOutput(), csv.render(report), StandardCharsets.UTF_8);
        Files.writeString(options.chartOutput(), chart.render(report), StandardCharsets.UTF_8);
        return List.of(options.output(), options.csvOutput(), options.chartOutput());
    }
}
