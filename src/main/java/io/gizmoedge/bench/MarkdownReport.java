package io.gizmoedge.bench;

import io.gizmoedge.protocol.ExecutionLocation;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** Renders a {@link BenchmarkReport} as Markdown: the table, a summary, the setup and the machine. */
public final class MarkdownReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public String render(BenchmarkReport report) {
        BenchmarkOptions options = report.options();
        StringBuilder out = new StringBuilder();
        out.append("# Gizmo Edge benchmark: TPC-H SF ").append(Figures.scaleFactor(options.scaleFactor()))
                .append(", ").append(options.shards()).append(" shards, ").append(options.workers())
                .append(" workers\n\n");
        out.append("Finished ").append(TIME.format(report.finishedAt())).append(". Medians of ").append(options.runs())
                .append(" timed runs per query and side, after ").append(options.warmUpRounds())
                .append(" untimed round(s) over all queries and one warm-up run per query. Cluster: client-side wall time until")
                .append(" the client holds every Arrow batch. Single node: DuckDB in the benchmark's JVM over JDBC,")
                .append(" answer read through Arrow. Ratio = cluster / single node (below 1: the cluster was faster).\n\n");
        out.append(table(report)).append('\n');
        out.append(summary(report)).append('\n');
        out.append(notes(report));
        out.append(setup(report)).append('\n');
        out.append(machine(report));
        return out.toString();
    }

    /** The per-query table alone, as printed to standard output. */
    public String table(BenchmarkReport report) {
        StringBuilder out = new StringBuilder();
        out.append("| query | cluster ms | single-node ms | ratio | server ms | ran | answer | planning ms | bytes from workers |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |\n");
        for (QueryMeasurement m : report.measurements()) {
            out.append("| ").append(m.query())
                    .append(" | ").append(Figures.millis(m.clusterMedian()))
                    .append(" | ").append(Figures.millis(m.singleNodeMedian()))
                    .append(" | ").append(Figures.ratio(m.ratio()))
                    .append(" | ").append(Figures.millis(m.serverMedian()))
                    .append(" | ").append(m.ranAt())
                    .append(" | ").append(answer(m))
                    .append(" | ").append(Figures.optionalMillis(m.serverMetrics().planningMillis()))
                    .append(" | ").append(Figures.bytes(m.serverMetrics().bytesFromWorkers()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String answer(QueryMeasurement m) {
        if (!m.succeeded()) {
            return "error";
        }
        return m.answerEqual() ? "equal" : "DIFFERS";
    }

    private static String summary(BenchmarkReport report) {
        int count = report.measurements().size();
        StringBuilder out = new StringBuilder("## Summary\n\n");
        OptionalDouble mean = report.geometricMeanRatio();
        out.append("- Geometric mean of the ratios: **").append(Figures.ratio(mean)).append("** over ")
                .append(report.ratios().size()).append(" of ").append(count).append(" queries; target ≤ ")
                .append(Figures.ratio(BenchmarkReport.TARGET_RATIO)).append(": ")
                .append(mean.isEmpty() ? "not measured" : report.meetsTarget() ? "met" : "**missed**").append(".\n");
        out.append("- Geometric mean of the ratios by where the query ran: distributed ")
                .append(Figures.ratio(report.geometricMeanRatio(ExecutionLocation.DISTRIBUTED)))
                .append(", on the server ").append(Figures.ratio(report.geometricMeanRatio(ExecutionLocation.SERVER)))
                .append(".\n");
        out.append("- Geometric mean of the medians: cluster ").append(Figures.millis(report.geometricMeanClusterMillis()))
                .append(" ms, single-node DuckDB ").append(Figures.millis(report.geometricMeanSingleNodeMillis()))
                .append(" ms.\n");
        out.append("- Ran distributed: ").append(report.countRanAt(ExecutionLocation.DISTRIBUTED)).append(" of ")
                .append(count).append("; on the server's full database: ")
                .append(report.countRanAt(ExecutionLocation.SERVER)).append("; failed: ").append(report.failedCount())
                .append(".\n");
        out.append("- Answers equal to single-node DuckDB: ").append(report.answersEqualCount()).append(" of ")
                .append(count).append(".\n");
        out.append("- Planning ms and bytes from workers are the server's figures for the last timed run (planning is ")
                .append("near zero once a statement's plan is cached).\n");
        return out.toString();
    }

    private static String notes(BenchmarkReport report) {
        List<QueryMeasurement> noted = report.measurements().stream()
                .filter(m -> m.reason().isPresent() || !m.answerEqual()).toList();
        if (noted.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("## Notes per query\n\n");
        for (QueryMeasurement m : noted) {
            out.append("- ").append(m.query()).append(": ");
            if (m.failure().isPresent()) {
                out.append("the cluster failed: ").append(oneLine(m.failure().get()));
            } else {
                out.append(m.ranAt());
                m.reason().ifPresent(r -> out.append(" — ").append(oneLine(r)));
                m.answerDifference().ifPresent(d -> out.append("; answer differs: ").append(oneLine(d)));
            }
            out.append('\n');
        }
        return out.append('\n').toString();
    }

    private static String setup(BenchmarkReport report) {
        BenchmarkOptions options = report.options();
        return "## Setup\n\n"
                + "- Cluster: one server and " + options.workers() + " worker processes on this machine, TLS"
                + " WebSockets over loopback; DuckDB threads per worker: " + options.threadsPerWorker()
                + "; the server's DuckDB (merges, and queries it runs alone on its full database): "
                + options.threads() + ".\n"
                + "- Single node: DuckDB " + report.duckDbVersion() + " with " + options.threads()
                + " threads on the full database, read-only.\n"
                + "- Dataset: TPC-H SF " + Figures.scaleFactor(options.scaleFactor()) + " (io.trino.tpch), "
                + options.shards() + " shards, in " + options.directory() + ".\n"
                + "- Queries: " + options.queries() + ".\n";
    }

    private static String machine(BenchmarkReport report) {
        MachineDescription machine = report.machine();
        return "## Machine\n\n"
                + "- Cores: " + machine.cores() + (machine.cpuModel().equals("unknown") ? "" : " (" + machine.cpuModel() + ")")
                + "\n"
                + "- Memory: " + machine.memoryDescription() + "\n"
                + "- Java: " + machine.javaVersion() + "\n"
                + "- OS: " + machine.operatingSystem() + "\n"
                + "- Load average (1 min) at the end of the run: " + machine.loadAverageDescription()
                + " (other work on the machine slows both sides and makes the figures noisy)\n";
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace("|", "\\|");
    }
}
