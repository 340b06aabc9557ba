package io.gizmoedge.flight;

import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table as Flight SQL metadata shows it.
 *
 * @param name the table's name
 * @param placement how its rows are placed (for the table type: {@code DISTRIBUTED TABLE} or {@code REPLICATED TABLE})
 * @param schema its columns as Arrow fields
 */
public record CatalogTable(String name, Placement placement, Schema schema) {
    /** Where a table's rows live, as a table type. */
    public enum Placement {
        DISTRIBUTED("DISTRIBUTED TABLE"),
        REPLICATED("REPLICATED TABLE");

        private final String tableType;

        Placement(String tableType) {
            this.tableType = tableType;
        }

        public String tableType() {
            return tableType;
        }
    }

    public CatalogTable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(schema, "schema");
    }
}
