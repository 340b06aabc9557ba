package io.gizmoedge.demo;

import io.gizmoedge.client.ArrowValueFormatter;
import io.gizmoedge.engine.DictionaryDecoding;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * A query's answer in a form two answers can be compared in: column names, Arrow column types,
 * and rows of values (floating point kept as Double, decimals as BigDecimal, the rest as text).
 */
public record Answer(List<String> columnNames, List<String> columnTypes, List<List<Object>> rows) {
    private static final ArrowValueFormatter FORMATTER = new ArrowValueFormatter();

    public Answer {
        columnNames = List.copyOf(columnNames);
        columnTypes = List.copyOf(columnTypes);
        rows = List.copyOf(rows);
    }

    /** The answer held in Arrow batches (all with the same schema). */
    public static Answer of(List<Field> fields, List<VectorSchemaRoot> batches) {
        List<String> names = fields.stream().map(Field::getName).toList();
        List<String> types = fields.stream().map(f -> f.getType().toString()).toList();
        List<List<Object>> rows = new ArrayList<>();
        for (VectorSchemaRoot batch : batches) {
            for (int row = 0; row < batch.getRowCount(); row++) {
                List<Object> values = new ArrayList<>(fields.size());
                for (FieldVector vector : batch.getFieldVectors()) {
                    values.add(normalize(vector, row));
                }
                rows.add(values);
            }
        }
        return new Answer(names, types, rows);
    }

    /** Runs {@code sql} on a DuckDB connection (single node) and reads the answer through Arrow. */
    public static Answer query(DuckDBConnection connection, String sql, BufferAllocator allocator)
            throws SQLException, IOException {
        try (BufferAllocator child = allocator.newChildAllocator("answer", 0, Long.MAX_VALUE);
                Statement statement = connection.createStatement();
                DuckDBResultSet result = (DuckDBResultSet) statement.executeQuery(sql);
                ArrowReader reader = (ArrowReader) result.arrowExportStream(child, 64 * 1024)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            // as the cluster sends them: ENUM columns decoded to their text (the dictionaries are known from the schema on)
            List<Field> fields;
            try (VectorSchemaRoot empty = DictionaryDecoding.decode(root, reader)) {
                fields = empty.getSchema().getFields();
            }
            List<List<Object>> rows = new ArrayList<>();
            while (reader.loadNextBatch()) {
                try (VectorSchemaRoot decoded = DictionaryDecoding.decode(root, reader)) {
                    rows.addAll(of(fields, List.of(decoded)).rows());
                }
            }
            return new Answer(fields.stream().map(Field::getName).toList(),
                    fields.stream().map(f -> f.getType().toString()).toList(), rows);
        }
    }

    private static Object normalize(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        Object value = vector.getObject(row);
        if (value instanceof Double || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return FORMATTER.format(vector, row);
    }
}
