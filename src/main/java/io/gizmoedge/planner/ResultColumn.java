package io.gizmoedge.planner;

import java.util.Objects;

/** A column of a query result: its name and its DuckDB type as DuckDB spells it (e.g. {@code DECIMAL(38,2)}). */
public record ResultColumn(String name, String type) {
    public ResultColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("result column type must not be blank");
        }
    }
}
