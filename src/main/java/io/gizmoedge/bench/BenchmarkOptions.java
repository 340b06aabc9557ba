package io.gizmoedge.bench;

import io.gizmoedge.demo.TpchQueries;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code gizmo-edge bench} runs: the dataset, the cluster's shape, the number of timed runs
 * and where the report goes.
 *
 * @param scaleFactor TPC-H scale factor of the dataset
 * @param shards shards of the partitioned tables
 * @param workers worker processes
 * @param runs timed runs per query and side (after one untimed warm-up run)
 * @param warmUpRounds rounds over every selected query, on both sides, before any is measured: the
 *     measured processes then run code their JIT has compiled, like a server that has been up a while
 * @param threads total DuckDB threads: single-node DuckDB gets all of them, each worker an equal share; the
 *     server also gets all of them (it merges while the workers wait, and runs fallback queries alone)
 * @param directory where the dataset and the cluster's logs live
 * @param queries TPC-H query numbers, in the order they run
 * @param output the Markdown report; the CSV and the chart are written next to it
 */
public record BenchmarkOptions(double scaleFactor, int shards, int workers, int runs, int warmUpRounds, int threads,
        Path directory,
        List<Integer> queries, Path output) {

    /** The smallest scale factor bootstrap accepts. */
    public static final double MIN_SCALE_FACTOR = 0.01;
    public static final int MAX_SHARDS = io.gizmoedge.catalog.ShardHash.MAX_SHARD_COUNT;

    public BenchmarkOptions {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(output, "output");
        queries = List.copyOf(queries);
        checkScaleFactor(scaleFactor);
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("--shards must be between 1 and " + MAX_SHARDS + ", not " + shards);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, not " + workers);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1 (the warm-up run is extra), not " + runs);
        }
        if (warmUpRounds < 0) {
            throw new IllegalArgumentException("--warm-up-rounds must be 0 or more, not " + warmUpRounds);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
        }
        if (threads < workers) {
            throw new IllegalArgumentException("--threads (" + threads + ") must be at least --workers (" + workers
                    + ") so that every worker gets a DuckDB thread; raise --threads or lower --workers");
        }
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("--queries selects no query; give numbers such as 1,3,6");
        }
        if (queries.stream().anyMatch(q -> q < 1 || q > TpchQueries.COUNT)) {
            throw new IllegalArgumentException("--queries must be TPC-H query numbers 1 to 22, not " + queries);
        }
        if (!output.getFileName().toString().endsWith(".md")) {
            throw new IllegalArgumentException("--output must name a Markdown file ending in .md (the CSV and the"
                    + " chart are written next to it), not " + output);
        }
    }

    /** Rejects a {@code --scale-factor} below {@link #MIN_SCALE_FACTOR}, NaN or infinite. */
    static void checkScaleFactor(double scaleFactor) {
        if (!(scaleFactor >= MIN_SCALE_FACTOR) || Double.isInfinite(scaleFactor)) {
            throw new IllegalArgumentException("--scale-factor must be at least " + MIN_SCALE_FACTOR + ", not " + scaleFactor);
        }
    }

    /** DuckDB threads of each cluster process: the total split evenly between the workers (rounded down). */
    public int threadsPerWorker() {
        return threads / workers;
    }

    /** The workers that serve shards: a worker beyond the shard count has nothing to serve. */
    public int servingWorkers() {
        return Math.min(workers, shards);
    }

    /** The CSV written next to the report. */
    public Path csvOutput() {
        return sibling(".csv");
    }

    /** The SVG chart of per-query ratios written next to the report. */
    public Path chartOutput() {
        return sibling(".svg");
    }

    private Path sibling(String extension) {
        String name = output.getFileName().toString();
        return output.resolveSibling(name.substring(0, name.length() - ".md".length()) + extension);
    }
}
