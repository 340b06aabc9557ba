package io.gizmoedge.engine;

import java.util.Optional;

/**
 * Resource settings of one node's DuckDB.
 *
 * @param threads worker threads, 0 for DuckDB's default (one per core)
 * @param memoryLimit DuckDB memory limit such as {@code 4GB}, empty for DuckDB's default
 */
public record DuckDbSettings(int threads, Optional<String> memoryLimit) {
    public static final DuckDbSettings DEFAULT = new DuckDbSettings(0, Optional.empty());

    public DuckDbSettings {
        if (threads < 0) {
            throw new IllegalArgumentException("DuckDB threads must be 0 (default) or positive, not " + threads);
        }
        memoryLimit = memoryLimit.map(String::trim).filter(s -> !s.isEmpty());
        memoryLimit.ifPresent(limit -> {
            if (!limit.matches("(?i)\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)")) {
                throw new IllegalArgumentException("DuckDB memory limit must look like 4GB or 512MB, not '" + limit + "'");
            }
        });
    }
}
