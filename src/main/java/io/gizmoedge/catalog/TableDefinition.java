package io.gizmoedge.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table of the catalog: its columns, its distribution and, when partitioned, its co-location keys,
 * and the placement its {@code CREATE TABLE} declared.
 */
public record TableDefinition(
        String name,
        TableDistribution distribution,
        List<ColocationKey> colocationKeys,
        List<ColumnDefinition> columns,
        long rowCount,
        TablePlacement placement) {

    public TableDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(placement, "placement");
        if ((placement instanceof TablePlacement.Replicated) != (distribution == TableDistribution.REPLICATED)) {
            throw new IllegalArgumentException("table " + name + " is " + distribution + " but declared " + placement.describe());
        }
        colocationKeys = List.copyOf(colocationKeys);
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " has no columns");
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

    /**
     * A table whose placement is not recorded (planner tests): replicated, or distributed by its first
     * co-location key.
     */
    public TableDefinition(String name, TableDistribution distribution, List<ColocationKey> colocationKeys,
            List<ColumnDefinition> columns, long rowCount) {
        this(name, distribution, colocationKeys, columns, rowCount, distribution == TableDistribution.REPLICATED
                ? new TablePlacement.Replicated()
                : new TablePlacement.DistributedBy(colocationKeys.isEmpty() ? "?" : colocationKeys.get(0).column()));
    }

    /** This table with other co-location keys, row count and columns (after a load). */
    public TableDefinition with(List<ColocationKey> keys, long rows) {
        return new TableDefinition(name, distribution, keys, columns, rows, placement);
    }

    /** This table with other columns (the same names and types, newly measured: after a load). */
    public TableDefinition withColumns(List<ColumnDefinition> measured) {
        return new TableDefinition(name, distribution, colocationKeys, measured, rowCount, placement);
    }

    /** The column named {@code column} (case-insensitive). */
    public Optional<ColumnDefinition> column(String column) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(column)).findFirst();
    }

    public boolean isPartitioned() {
        return distribution == TableDistribution.PARTITIONED;
    }

    /** The co-location group of a column, if the column is a co-location key of this table. */
    public Optional<String> colocationGroupOf(String column) {
        return colocationKeys.stream().filter(k -> k.column().equals(column)).map(ColocationKey::group).findFirst();
    }
}
