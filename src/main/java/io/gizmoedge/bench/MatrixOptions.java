package io.gizmoedge.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code gizmo-edge verify-matrix} checks: every combination of shard count and worker count,
 * at one scale factor, over the selected queries.
 *
 * @param directory one dataset per shard count is kept under it, with the clusters' logs
 */
public record MatrixOptions(double scaleFactor, List<Integer> shardCounts, List<Integer> workerCounts,
        Path directory, List<Integer> queries) {

    public static final List<Integer> DEFAULT_SHARD_COUNTS = List.of(1, 4, 11);
    public static final List<Integer> DEFAULT_WORKER_COUNTS = List.of(1, 2, 3);

    public MatrixOptions {
        shardCounts = List.copyOf(shardCounts);
        workerCounts = List.copyOf(workerCounts);
        queries = List.copyOf(queries);
        Objects.requireNonNull(directory, "directory");
        BenchmarkOptions.checkScaleFactor(scaleFactor);
        if (shardCounts.isEmpty() || shardCounts.stream().anyMatch(s -> s < 1 || s > BenchmarkOptions.MAX_SHARDS)) {
            throw new IllegalArgumentException("--shard-counts must be between 1 and " + BenchmarkOptions.MAX_SHARDS
                    + ", not " + shardCounts);
        }
        if (workerCounts.isEmpty() || workerCounts.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("--worker-counts must be at least 1, not " + workerCounts);
        }
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("--queries selects no query; give numbers such as 1,3,6");
        }
    }

    /** Where the dataset with {@code shards} shards lives. */
    public Path datasetDirectory(int shards) {
        return directory.resolve("sf-" + Figures.scaleFactor(scaleFactor) + "-shards-" + shards);
    }
}
