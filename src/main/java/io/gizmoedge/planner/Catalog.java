package io.gizmoedge.planner;

import io.gizmoedge.catalog.TableDefinition;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

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
}
