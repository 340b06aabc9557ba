package io.gizmoedge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
    private final MarkdownReport markdown = new MarkdownReport();

    @Test
    void tableHasOneRowPerQueryWithMediansRatioAndWhereItRan() {
        String table = markdown.table(Reports.sample());
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("| query | cluster ms | single-node ms | ratio | server ms | ran | answer"
                + " | planning ms | bytes from workers |");
        assertThat(lines.get(2)).isEqualTo("| q01 | 110.0 | 55.0 | 2.00 | 41.0 | distributed | equal | n/a | n/a |");
        assertThat(lines.get(3)).isEqualTo("| q02 | 30.0 | 60.0 | 0.50 | 90.0 | server | equal | n/a | n/a |");
        assertThat(lines.get(4)).isEqualTo("| q03 | n/a | 12.0 | n/a | n/a | failed | error | n/a | n/a |");
    }

    @Test
    void reportHasSummaryNotesSetupAndMachine() {
        String report = markdown.render(Reports.sample());
        assertThat(report).startsWith("# Gizmo Edge benchmark: TPC-H SF 1, 4 shards, 2 workers\n");
        assertThat(report).contains("Finished 2025-01-02 03:04 UTC. Medians of 3 timed runs");
        assertThat(report).contains("- Geometric mean of the ratios: **1.00** over 2 of 3 queries; target ≤ 1.50: met.");
        assertThat(report).contains("- Geometric mean of the ratios by where the query ran: distributed 2.00, on the server 0.50.");
        assertThat(report).contains("- Ran distributed: 1 of 3; on the server's full database: 1; failed: 1.");
        assertThat(report).contains("- Answers equal to single-node DuckDB: 2 of 3.");
        assertThat(report).contains("Planning ms and bytes from workers are the server's figures");
        assertThat(report).contains("- q02: server — correlated subquery, a, b");
        assertThat(report).contains("- q03: the cluster failed: worker lost second line");
        assertThat(report).contains("DuckDB threads per worker: 1; the server's DuckDB (merges, and queries it runs alone on its full database): 2.");
        assertThat(report).contains("- Single node: DuckDB v2.0.0 with 2 threads");
        assertThat(report).contains("- Cores: 2 (Test CPU)", "- Memory: 8.0 GiB", "- Java: 17.0.1 (Test VM)",
                "- OS: Linux 6.1 amd64", "- Load average (1 min) at the end of the run: 0.50");
    }

    @Test
    void aMissedTargetAndADifferingAnswerAreSpelledOut() {
        BenchmarkReport report = new BenchmarkReport(Reports.options(List.of(1, 2)), Reports.MACHINE, "v",
                Instant.EPOCH, List.of(Reports.distributed("q01", List.of(300.0), List.of(100.0)),
                        Reports.differing("q02", "row 1 differs: expected [1], got [2]")));
        String text = markdown.render(report);
        assertThat(text).contains("target ≤ 1.50: **missed**");
        assertThat(text).contains("| q02 | 20.0 | 10.0 | 2.00 | 18.0 | distributed | DIFFERS |");
        assertThat(text).contains("- q02: distributed; answer differs: row 1 differs: expected [1], got [2]");
    }

    @Test
    void pipesInReasonsDoNotBreakTheMarkdown() {
        BenchmarkReport report = new BenchmarkReport(Reports.options(List.of(1)), Reports.MACHINE, "v",
                Instant.EPOCH, List.of(Reports.onServer("q01", "a || b", List.of(1.0), List.of(1.0))));
        assertThat(markdown.render(report)).contains("- q01: server — a \\|\\| b");
    }
}
