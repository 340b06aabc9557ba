package io.gizmoedge.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Encodes a small table of text columns (such as EXPLAIN's rows) as Arrow frame payloads. */
public final class TextTableEncoder {
    private final BufferAllocator allocator;
    private final ArrowFrameEncoder encoder;

    public TextTableEncoder(BufferAllocator allocator, long maxPayloadBytes) {
        this.allocator = allocator;
        this.encoder = new ArrowFrameEncoder(maxPayloadBytes);
    }

    /** Sends the rows (each as long as {@code columns}; null for NULL) to {@code sink}; returns the row count. */
    public long encode(List<String> columns, List<List<String>> rows, ArrowFrameEncoder.PayloadSink sink) throws IOException {
        List<Field> fields = new ArrayList<>();
        for (String column : columns) {
            fields.add(new Field(column, FieldType.nullable(ArrowType.Utf8.INSTANCE), null));
        }
        try (BufferAllocator child = allocator.newChildAllocator("text-table", 0, Long.MAX_VALUE);
                VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), child)) {
            root.allocateNew();
            for (int row = 0; row < rows.size(); row++) {
                List<String> values = rows.get(row);
                if (values.size() != columns.size()) {
                    throw new IllegalArgumentException("row " + row + " has " + values.size() + " values for "
                            + columns.size() + " columns");
                }
                for (int column = 0; column < columns.size(); column++) {
                    VarCharVector vector = (VarCharVector) root.getVector(column);
                    String value = values.get(column);
                    if (value == null) {
                        vector.setNull(row);
                    } else {
                        vector.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            for (FieldVector vector : root.getFieldVectors()) {
                vector.setValueCount(rows.size());
            }
            root.setRowCount(rows.size());
            encoder.encodeBatch(root, sink);
            return rows.size();
        }
    }
}
