package io.gizmoedge.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * A column of a table, with its DuckDB type as DuckDB spells it (e.g. {@code DECIMAL(15,2)}) and,
 * for a column of loaded rows, its {@link ColumnStatistics} ({@code null} when not measured).
 */
public record ColumnDefinition(String name, String type, ColumnStatistics statistics) {
    public ColumnDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("column name must not be blank");
        }
    }

    /** A column whose values are not measured (a declaration, a planner test's table). */
    public ColumnDefinition(String name, String type) {
        this(name, type, null);
    }

    /** This column with the statistics of its loaded rows. */
    public ColumnDefinition withStatistics(ColumnStatistics measured) {
        return new ColumnDefinition(name, type, Objects.requireNonNull(measured, "measured"));
    }

    /** The statistics of the column's values, when a load measured them. */
    public Optional<ColumnStatistics> measured() {
        return Optional.ofNullable(statistics);
    }
}
