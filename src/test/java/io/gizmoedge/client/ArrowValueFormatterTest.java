package io.gizmoedge.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.junit.jupiter.api.Test;

class ArrowValueFormatterTest {

    @Test
    void valuesLookAsDuckDbsShellPrintsThem() throws Exception {
        assertThat(render("SELECT INTERVAL 14 MONTH + INTERVAL 3 DAY + INTERVAL 5500 MILLISECOND, INTERVAL 0 DAY,"
                + " - INTERVAL 90 MINUTE, '\\x00\\xFFab\\x5C'::BLOB, [1, NULL, 3], {'a': 1, 'b': 'x'},"
                + " MAP {'k': 1, 'l': NULL}, [{'a': [1]}], TIMESTAMP '2020-01-01 10:00:00',"
                + " TIMESTAMP_NS '2020-01-01 10:00:00.123456789', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID"))
                .containsExactly("1 year 2 months 3 days 00:00:05.5", "00:00:00", "-01:30:00", "\\x00\\xFFab\\x5C",
                        "[1, NULL, 3]", "{'a': 1, 'b': x}", "{k=1, l=NULL}", "[{'a': [1]}]", "2020-01-01 10:00:00",
                        "2020-01-01 10:00:00.123456789", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    }

    private static List<String> render(String sql) throws Exception {
        ArrowValueFormatter formatter = new ArrowValueFormatter();
        List<String> values = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                DuckDBConnection duckdb = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement()) {
            statement.execute("SET arrow_lossless_conversion = true");
            try (DuckDBResultSet result = (DuckDBResultSet) statement.executeQuery(sql);
                    ArrowReader reader = (ArrowReader) result.arrowExportStream(allocator, 1024)) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                reader.loadNextBatch();
                for (FieldVector vector : root.getFieldVectors()) {
                    values.add(formatter.format(vector, 0));
                }
            }
        }
        return values;
    }
}
