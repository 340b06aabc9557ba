package io.gizmoedge.client;

import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Builds small query results for tests. */
public final class TestResults {
    public static final ExecutionSummary SUMMARY =
            new ExecutionSummary(ExecutionLocation.DISTRIBUTED, 2, 4, "", 0, 5, 1, 0);

    private TestResults() {
    }

    /** A result with columns (n BIGINT, name VARCHAR) and rows (i, "row i") for i in 1..rows. */
    public static QueryResult numbered(BufferAllocator allocator, int rows) {
        Schema schema = new Schema(List.of(
                new Field("n", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        BigIntVector n = (BigIntVector) root.getVector(0);
        VarCharVector name = (VarCharVector) root.getVector(1);
        root.allocateNew();
        for (int i = 0; i < rows; i++) {
            n.setSafe(i, i + 1);
            name.setSafe(i, ("row " + (i + 1)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        root.setRowCount(rows);
        return new QueryResult(schema, List.of(root), SUMMARY);
    }
}
