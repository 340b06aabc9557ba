package io.gizmoedge.server;

import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.engine.TableStore;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of each shard file (for {@code gizmo.shards}), read from the file's Parquet footer the
 * first time it is asked for and remembered: shard files are named by their content and never
 * change. Only files of the catalog version asked about are remembered. Thread-safe.
 */
final class ShardFileRows {
    private static final Logger LOG = LoggerFactory.getLogger(ShardFileRows.class);

    private final TableStore store;
    private final Path manifestDirectory;
    private final Map<String, Long> rowsBySha256 = new ConcurrentHashMap<>();

    ShardFileRows(TableStore store, Path manifestDirectory) {
        this.store = Objects.requireNonNull(store, "store");
        this.manifestDirectory = Objects.requireNonNull(manifestDirectory, "manifestDirectory");
    }

    /** The rows of {@code file}, a file of {@code manifest}; empty when its footer cannot be read. */
    Optional<Long> rows(ShardManifest manifest, ShardFile file) {
        Long known = rowsBySha256.get(file.sha256());
        if (known != null) {
            return Optional.of(known);
        }
        try {
            long rows = store.parquetRowCount(manifestDirectory.resolve(file.path()));
            if (rowsBySha256.size() > manifest.fileDigests().size()) {
                rowsBySha256.keySet().retainAll(manifest.fileDigests()); // files of versions gone by
            }
            rowsBySha256.put(file.sha256(), rows);
            return Optional.of(rows);
        } catch (SQLException e) {
            LOG.debug("could not read the row count of shard file {}: {}", file.sha256(), e.getMessage());
            return Optional.empty();
        }
    }
}
