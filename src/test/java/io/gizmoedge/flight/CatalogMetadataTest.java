package io.gizmoedge.flight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class CatalogMetadataTest {
    private static final Schema COLUMNS = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true))));
    private static final List<CatalogTable> TABLES = List.of(
            new CatalogTable("orders", CatalogTable.Placement.DISTRIBUTED, COLUMNS),
            new CatalogTable("order_items", CatalogTable.Placement.DISTRIBUTED, COLUMNS),
            new CatalogTable("nation", CatalogTable.Placement.REPLICATED, COLUMNS));

    @Test
    void likePatterns() {
        assertThat(CatalogMetadata.like("ord%").matcher("orders").matches()).isTrue();
        assertThat(CatalogMetadata.like("order_").matcher("orders").matches()).isTrue();
        assertThat(CatalogMetadata.like("order\\_items").matcher("orderXitems").matches()).isFalse();
        assertThat(CatalogMetadata.like("a.b").matcher("axb").matches()).isFalse();
    }

    @Test
    void tablesAreFilteredByNameAndTypeAndCarryTheirSchemas() {
        CommandGetTables command = CommandGetTables.newBuilder().setTableNameFilterPattern("order%")
                .addTableTypes("DISTRIBUTED TABLE").setIncludeSchema(true).build();
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = CatalogMetadata.tables(command, TABLES, allocator)) {
            assertThat(root.getSchema()).isEqualTo(Schemas.GET_TABLES_SCHEMA);
            assertThat(root.getRowCount()).isEqualTo(2);
            assertThat(root.getVector("table_name").getObject(1).toString()).isEqualTo("order_items");
            assertThat(root.getVector("db_schema_name").getObject(0).toString()).isEqualTo("main");
            assertThat(root.getVector("catalog_name").isNull(0)).isTrue();
        }
    }

    @Test
    void typeInfoHasTheFlightSqlSchema() {
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = XdbcTypes.of(java.util.Optional.empty(), allocator)) {
            assertThat(root.getSchema()).isEqualTo(Schemas.GET_TYPE_INFO_SCHEMA);
            assertThat(root.getRowCount()).isGreaterThan(10);
        }
    }
}
