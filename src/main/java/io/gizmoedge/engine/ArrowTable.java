package io.gizmoedge.engine;

import java.util.List;
import java.util.Objects;

/**
 * A named table held as Arrow frame payloads (each a self-contained IPC stream written by
 * {@link ArrowFrameEncoder}, all with one schema): a stage's gathered result on its way to the
 * stage that reads it.
 */
public record ArrowTable(String name, List<byte[]> payloads) {
    public ArrowTable {
        Objects.requireNonNull(name, "name");
        payloads = List.copyOf(payloads);
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " has no payload, not even its schema");
        }
    }

    public long bytes() {
        return payloads.stream().mapToLong(p -> p.length).sum();
    }
}
