package io.gizmoedge.catalog;

import java.util.Objects;

/** A column of a table, with its DuckDB type as DuckDB spells it (e.g. {@code DECIMAL(15,2)}). */
public record ColumnDefinition(String name, String type) {
    public ColumnDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("column name must not be blank");
        }
    }
}
