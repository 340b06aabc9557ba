package io.gizmoedge.catalog;

import java.util.Objects;

/**
 * A co-location key: all rows with equal values in {@code column} live on one shard, and
 * that shard is the same for every table that has a key of the same {@code group}.
 */
public record ColocationKey(String column, String group) {
    public ColocationKey {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(group, "group");
        if (column.isBlank() || group.isBlank()) {
            throw new IllegalArgumentException("co-location key column and group must not be blank");
        }
    }
}
