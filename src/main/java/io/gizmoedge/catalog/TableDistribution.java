package io.gizmoedge.catalog;

/** How a table's rows are placed on workers. */
public enum TableDistribution {
    /** Every worker holds a full copy of the table. */
    REPLICATED,
    /** Rows are divided among shards by the table's co-location keys. */
    PARTITIONED
}
