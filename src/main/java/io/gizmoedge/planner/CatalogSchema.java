package io.gizmoedge.planner;

import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.TableDefinition;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.tools.Frameworks;

/**
 * Builds a fresh Calcite root schema (one per planning call) holding every catalog table, and the
 * schema {@code gizmo} with the tables of the cluster's state ({@link ClusterStateTables}).
 */
final class CatalogSchema {
    private CatalogSchema() {
    }

    static SchemaPlus create(Catalog catalog) {
        SchemaPlus root = Frameworks.createRootSchema(false);
        for (TableDefinition table : catalog.tables()) {
            root.add(table.name().toLowerCase(Locale.ROOT), new CatalogTable(table.columns(), Statistics.of(table.rowCount(), List.of())));
        }
        SchemaPlus clusterState = root.add(ClusterStateTables.SCHEMA, new AbstractSchema());
        for (ClusterStateTables.Table table : ClusterStateTables.ALL) {
            clusterState.add(table.name(), new CatalogTable(table.columns(), Statistics.UNKNOWN));
        }
        return root;
    }

    /**
     * A table Calcite can validate against, with its row count for Calcite's estimates of the rows
     * of a plan's parts (filters and joins included); it is never executed by Calcite.
     */
    private static final class CatalogTable extends AbstractTable {
        private final List<ColumnDefinition> columns;
        private final Statistic statistic;

        CatalogTable(List<ColumnDefinition> columns, Statistic statistic) {
            this.columns = List.copyOf(columns);
            this.statistic = statistic;
        }

        @Override
        public Statistic getStatistic() {
            return statistic;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            RelDataTypeFactory.Builder builder = typeFactory.builder();
            for (ColumnDefinition column : columns) {
                builder.add(column.name().toLowerCase(Locale.ROOT), DuckDbTypes.toCalcite(typeFactory, column.type()));
            }
            return builder.build();
        }
    }
}
