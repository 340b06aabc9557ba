package io.gizmoedge.loading;

import java.util.Objects;

/** An object a store listed: its key and size in bytes. */
public record StoredObject(String key, long size) {
    public StoredObject {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException("object " + key + " has a negative size");
        }
    }
}
