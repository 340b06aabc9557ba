package io.gizmoedge.bench;

import java.util.List;
import java.util.stream.Collectors;

/** Renders a {@link BenchmarkReport} as CSV (RFC 4180 quoting, LF line ends): one row per query, every timed run included. */
public final class CsvReport {
    static final List<String> HEADER = List.of("query", "cluster_ms", "single_node_ms", "ratio", "server_ms", "ran",
            "workers", "shards", "answer_equal", "planning_ms", "bytes_from_workers", "cluster_runs_ms",
            "single_node_runs_ms", "note");

    public String render(BenchmarkReport report) {
        StringBuilder out = new StringBuilder();
        line(out, HEADER);
        for (QueryMeasurement m : report.measurements()) {
            line(out, List.of(
                    m.query(),
                    Figures.millis(m.clusterMedian()),
                    Figures.millis(m.singleNodeMedian()),
                    Figures.ratio(m.ratio()),
                    Figures.millis(m.serverMedian()),
                    m.ranAt(),
                    m.summary().map(s -> Integer.toString(s.workers())).orElse(Figures.UNKNOWN),
                    m.summary().map(s -> Integer.toString(s.shards())).orElse(Figures.UNKNOWN),
                    m.succeeded() ? Boolean.toString(m.answerEqual()) : Figures.UNKNOWN,
                    Figures.optionalMillis(m.serverMetrics().planningMillis()),
                    Figures.bytes(m.serverMetrics().bytesFromWorkers()),
                    runs(m.clusterMillis()),
                    runs(m.singleNodeMillis()),
                    note(m)));
        }
        return out.toString();
    }

    private static String runs(List<Double> millis) {
        return millis.stream().map(Figures::millis).collect(Collectors.joining(";"));
    }

    private static String note(QueryMeasurement m) {
        if (m.failure().isPresent()) {
            return m.failure().get();
        }
        return m.answerDifference().map(d -> "answer differs: " + d).orElse(m.reason().orElse(""));
    }

    private static void line(StringBuilder out, List<String> fields) {
        out.append(fields.stream().map(CsvReport::field).collect(Collectors.joining(","))).append('\n');
    }

    static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
