package io.gizmoedge.bench;

import io.gizmoedge.demo.QueryCheck;
import java.util.List;
import java.util.Locale;

/** Renders the matrix check as plain text: one line per cluster shape, then every difference. */
public final class MatrixReport {

    public String render(List<MatrixCell> cells) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%6s  %7s  %11s  %7s  %s%n", "shards", "workers", "distributed", "equal",
                "result"));
        for (MatrixCell cell : cells) {
            String result = cell.startFailure().isPresent() ? "DID NOT START"
                    : cell.passed() ? "ok" : "DIFFERS";
            out.append(String.format(Locale.ROOT, "%6d  %7d  %11s  %7s  %s%n", cell.shards(), cell.workers(),
                    cell.distributedCount() + "/" + cell.checks().size(),
                    (cell.checks().size() - cell.mismatches().size()) + "/" + cell.checks().size(), result));
        }
        List<MatrixCell> failed = cells.stream().filter(c -> !c.passed()).toList();
        if (failed.isEmpty()) {
            out.append("Every answer equals single-node DuckDB in all ").append(cells.size())
                    .append(" cluster shapes.\n");
            return out.toString();
        }
        out.append('\n');
        for (MatrixCell cell : failed) {
            String shape = cell.shards() + " shards, " + cell.workers() + " workers";
            cell.startFailure().ifPresent(f -> out.append(shape).append(": ").append(f).append('\n'));
            for (QueryCheck check : cell.mismatches()) {
                out.append(shape).append(", ").append(check.name()).append(" (").append(check.where()).append("): ")
                        .append(check.difference().orElse("")).append('\n');
            }
        }
        long differences = failed.stream().mapToLong(c -> c.mismatches().size()).sum();
        out.append(String.format(Locale.ROOT, "%d answer(s) differ and %d cluster(s) did not start, in %d of %d shapes.%n",
                differences, failed.stream().filter(c -> c.startFailure().isPresent()).count(), failed.size(),
                cells.size()));
        return out.toString();
    }
}
