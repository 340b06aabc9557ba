package io.gizmoedge.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A table of the catalog: its columns, its distribution and, when partitioned, its co-location keys. */
public record TableDefinition(
        String name,
        TableDistribution distribution,
        List<ColocationKey> colocationKeys,
        List<ColumnDefinition> columns,
        long rowCount) {

    public TableDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(distribution, "distribution");
        colocationKeys = List.copyOf(colocationKeys);
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " has no columns");
        }
        if (distribution == TableDistribution.PARTITIONED && colocationKeys.isEmpty()) {
            throw new IllegalArgumentException("partitioned table " + name + " needs at least one co-location key");
        }
        if (distribution == TableDistribution.REPLICATED && !colocationKeys.isEmpty()) {
            throw new IllegalArgumentException("replicated table " + name + " cannot have co-location keys");
        }
        for (ColocationKey key : colocationKeys) {
            if (columns.stream().noneMatch(c -> c.name().equals(key.column()))) {
                throw new IllegalArgumentException(
                        "co-location key " + key.column() + " is not a column of table " + name);
            }
        }
        if (rowCount < 0) {
            throw new IllegalArgumentException("row count must not be negative");
        }
    }

    public boolean isPartitioned() {
        return distribution == TableDistribution.PARTITIONED;
    }

    /** The co-location group of a column, if the column is a co-location key of this table. */
    public Optional<String> colocationGroupOf(String column) {
        return colocationKeys.stream().filter(k -> k.column().equals(column)).map(ColocationKey::group).findFirst();
    }
}
