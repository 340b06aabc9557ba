package io.gizmoedge.samples;

import java.nio.file.Path;
import java.util.Objects;

/** A sample file that was written: where, which table in which format, its rows and size. */
public record SampleFile(Path path, SampleDataset dataset, SampleTable table, long rows, long bytes) {
    public SampleFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(table, "table");
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("rows and bytes must not be negative");
        }
    }
}
