package io.gizmoedge.engine;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * How the rows of a repartitioned stage are divided among {@code parts} workers: a row goes to part
 * {@code hash(keys...) % parts}, DuckDB's hash of the key expressions (written against the stage's
 * output columns). Every node that divides rows (a worker dividing its own output, or the server
 * dividing a gathered result) selects the parts with {@link #selectPart}, so equal keys meet in
 * one part whoever divides them.
 */
public record HashPartitioning(List<String> keys, int parts) {
    public HashPartitioning {
        keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("rows are divided by at least one key");
        }
        if (parts < 1) {
            throw new IllegalArgumentException("rows are divided into at least one part, not " + parts);
        }
    }

    /** Receives the payloads of each part, in order within a part. */
    @FunctionalInterface
    public interface PartSink {
        void accept(int part, byte[] payload) throws IOException;
    }

    /** The rows of {@code table} that belong to {@code part}. */
    public String selectPart(String table, int part) {
        if (part < 0 || part >= parts) {
            throw new IllegalArgumentException("part " + part + " of " + parts);
        }
        return "SELECT * FROM " + SqlNames.quote(table) + " WHERE hash(" + String.join(", ", keys) + ") % " + parts
                + " = " + part;
    }
}
