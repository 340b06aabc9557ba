package io.gizmoedge.engine;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Resource settings of one node's DuckDB.
 *
 * @param threads worker threads, 0 for DuckDB's default (one per core)
 * @param memoryLimit DuckDB memory limit such as {@code 4GB} or {@code 40%} (of the machine's memory),
 *     empty for DuckDB's default (80 %)
 * @param temporaryDirectory the node's directory for DuckDB's spill files: every DuckDB opened with
 *     these settings spills into a subdirectory of its own there ({@link TemporaryDirectory}); empty
 *     for DuckDB's default (next to a database file, or {@code .tmp} in the working directory)
 */
public record DuckDbSettings(int threads, Optional<String> memoryLimit, Optional<Path> temporaryDirectory) {
    public static final DuckDbSettings DEFAULT = new DuckDbSettings(0, Optional.empty());

    public DuckDbSettings {
        if (threads < 0) {
            throw new IllegalArgumentException("DuckDB threads must be 0 (default) or positive, not " + threads);
        }
        memoryLimit = memoryLimit.map(String::trim).filter(s -> !s.isEmpty());
        memoryLimit.ifPresent(limit -> {
            if (!limit.matches("(?i)\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)")) {
                throw new IllegalArgumentException("DuckDB memory limit must look like 4GB, 512MB or 40%, not '" + limit + "'");
            }
        });
        temporaryDirectory = Objects.requireNonNull(temporaryDirectory, "temporaryDirectory")
                .map(directory -> directory.toAbsolutePath().normalize());
    }

    /** Settings with DuckDB's default place for spill files. */
    public DuckDbSettings(int threads, Optional<String> memoryLimit) {
        this(threads, memoryLimit, Optional.empty());
    }

    /** These settings with {@code threads} threads. */
    public DuckDbSettings withThreads(int threads) {
        return new DuckDbSettings(threads, memoryLimit, temporaryDirectory);
    }

    /** These settings, spilling under {@code directory} unless they already name a directory. */
    public DuckDbSettings withDefaultTemporaryDirectory(Path directory) {
        return temporaryDirectory.isPresent() ? this : new DuckDbSettings(threads, memoryLimit, Optional.of(directory));
    }
}
