package io.gizmoedge.catalog;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * How a table's rows are placed, as its {@code CREATE TABLE} declared it. The co-location keys the
 * planner uses ({@link TableDefinition#colocationKeys()}) follow from these declarations.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TablePlacement.DistributedBy.class, name = "distributed_by"),
    @JsonSubTypes.Type(value = TablePlacement.DistributedLike.class, name = "distributed_like"),
    @JsonSubTypes.Type(value = TablePlacement.Replicated.class, name = "replicated"),
})
public sealed interface TablePlacement {

    /** The declaration as the user wrote it, e.g. {@code DISTRIBUTED BY (user_id)}. */
    String describe();

    /** {@code DISTRIBUTED BY (column)}: a row's shard is {@link ShardHash} of its value in {@code column}. */
    record DistributedBy(String column) implements TablePlacement {
        public DistributedBy {
            requireName(column, "column");
        }

        @Override
        public String describe() {
            return "DISTRIBUTED BY (" + column + ")";
        }
    }

    /**
     * {@code DISTRIBUTED LIKE parent ON (table.column = parent.parentColumn)}: a row lives on the shard
     * of the parent row it references; a row without one on the shard of {@link ShardHash} of its value.
     */
    record DistributedLike(String parent, String column, String parentColumn) implements TablePlacement {
        public DistributedLike {
            requireName(parent, "parent");
            requireName(column, "column");
            requireName(parentColumn, "parentColumn");
        }

        @Override
        public String describe() {
            return "DISTRIBUTED LIKE " + parent + " ON (" + column + " = " + parent + "." + parentColumn + ")";
        }
    }

    /** {@code REPLICATED}: every worker holds every row. */
    record Replicated() implements TablePlacement {
        @Override
        public String describe() {
            return "REPLICATED";
        }
    }

    private static void requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
