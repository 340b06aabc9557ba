package io.gizmoedge.planner;

import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.TableDefinition;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.metadata.RelColumnOrigin;

/** The planner's immutable view of the catalog: tables by lower-case name. */
record Catalog(List<TableDefinition> tables, Map<String, TableDefinition> byName) {
    Catalog {
        tables = List.copyOf(tables);
        byName = Map.copyOf(byName);
    }

    static Catalog of(List<TableDefinition> tables) {
        return new Catalog(tables, tables.stream().collect(
                Collectors.toMap(t -> t.name().toLowerCase(Locale.ROOT), Function.identity())));
    }

    Optional<TableDefinition> table(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The catalog table Calcite's {@code table} stands for (named by the last part of its name), if any. */
    Optional<TableDefinition> table(RelOptTable table) {
        List<String> names = table.getQualifiedName();
        return table(names.get(names.size() - 1));
    }

    /** The catalog column a column origin of Calcite's metadata names, if it is one. */
    Optional<ColumnDefinition> column(RelColumnOrigin origin) {
        String column = origin.getOriginTable().getRowType().getFieldNames().get(origin.getOriginColumnOrdinal());
        return table(origin.getOriginTable()).flatMap(table -> table.column(column));
    }
}
