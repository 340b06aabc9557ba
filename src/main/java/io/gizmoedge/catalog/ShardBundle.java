package io.gizmoedge.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A unit of data placement: shard {@code id} of the partitioned tables (0 ≤ id &lt; shard count),
 * or the bundle of replicated tables ({@link #REPLICATED_ID}).
 */
public record ShardBundle(int id, List<ShardFile> files) {
    /** The id of the bundle holding every replicated table. */
    public static final int REPLICATED_ID = -1;

    public ShardBundle {
        files = List.copyOf(Objects.requireNonNull(files, "files"));
        if (id < REPLICATED_ID) {
            throw new IllegalArgumentException("invalid shard id " + id);
        }
    }

    public boolean isReplicated() {
        return id == REPLICATED_ID;
    }

    public long sizeBytes() {
        return files.stream().mapToLong(ShardFile::sizeBytes).sum();
    }
}
