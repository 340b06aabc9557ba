package io.gizmoedge.samples;

import java.util.Objects;

/**
 * One sample file: a table written in a format, from a query over the generated TPC-H tables.
 *
 * @param name the table's name, and the file's name without extension
 * @param format the file format
 * @param query DuckDB SQL over the eight TPC-H tables giving the file's rows, in a stable order
 */
public record SampleTable(String name, SampleFormat format, String query) {
    public SampleTable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(query, "query");
    }

    /** The file's name: {@code <name>.<extension>}. */
    public String fileName() {
        return name + "." + format.extension();
    }
}
