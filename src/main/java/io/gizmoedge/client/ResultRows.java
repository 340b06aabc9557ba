package io.gizmoedge.client;

import java.util.function.ObjIntConsumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Visits the rows of a result across its batches, up to a limit. */
final class ResultRows {
    private ResultRows() {
    }

    /**
     * Calls {@code visitor} with the batch and row index of each row, in order, up to {@code maxRows}
     * rows (0 or less means all).
     *
     * @return the number of rows visited
     */
    static long forEach(QueryResult result, long maxRows, ObjIntConsumer<VectorSchemaRoot> visitor) {
        long limit = maxRows <= 0 ? Long.MAX_VALUE : maxRows;
        long visited = 0;
        for (VectorSchemaRoot batch : result.batches()) {
            for (int row = 0; row < batch.getRowCount() && visited < limit; row++) {
                visitor.accept(batch, row);
                visited++;
            }
        }
        return visited;
    }

    /** The vector of column {@code column} in {@code batch}. */
    static FieldVector column(VectorSchemaRoot batch, int column) {
        return batch.getVector(column);
    }
}
