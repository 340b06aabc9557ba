package io.gizmoedge.flight;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A small metadata answer (tables, schemas, types) as one Arrow batch of a Flight SQL schema. Values
 * are given per row in the schema's column order: {@code String} for text, {@code Integer} for int32,
 * {@code Boolean}, {@code byte[]} for binary, {@code List<String>} for a list of text, or null.
 */
final class MetadataRows {
    private MetadataRows() {
    }

    /** A new root (the caller closes it) holding {@code rows}. */
    static VectorSchemaRoot of(Schema schema, List<List<Object>> rows, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            root.allocateNew();
            List<FieldVector> vectors = root.getFieldVectors();
            for (int row = 0; row < rows.size(); row++) {
                List<Object> values = rows.get(row);
                if (values.size() != vectors.size()) {
                    throw new IllegalArgumentException("row " + row + " has " + values.size() + " values for "
                            + vectors.size() + " columns");
                }
                for (int column = 0; column < vectors.size(); column++) {
                    set(vectors.get(column), row, values.get(column));
                }
            }
            root.setRowCount(rows.size());
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static void set(FieldVector vector, int row, Object value) {
        if (vector instanceof ListVector list) {
            UnionListWriter writer = list.getWriter();
            writer.setPosition(row);
            if (value instanceof List<?> items) {
                writer.startList();
                for (Object item : items) {
                    byte[] bytes = String.valueOf(item).getBytes(StandardCharsets.UTF_8);
                    try (var buffer = list.getAllocator().buffer(bytes.length)) {
                        buffer.setBytes(0, bytes);
                        writer.varChar().writeVarChar(0, bytes.length, buffer);
                    }
                }
                writer.endList();
            } else {
                writer.writeNull();
            }
            list.setValueCount(row + 1);
            return;
        }
        if (value == null) {
            vector.setNull(row);
        } else if (vector instanceof VarCharVector text) {
            text.setSafe(row, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof IntVector number) {
            number.setSafe(row, (Integer) value);
        } else if (vector instanceof BitVector flag) {
            flag.setSafe(row, (Boolean) value ? 1 : 0);
        } else if (vector instanceof VarBinaryVector binary) {
            binary.setSafe(row, (byte[]) value);
        } else {
            throw new IllegalArgumentException("no metadata value for a column of type " + vector.getField().getType());
        }
    }
}
