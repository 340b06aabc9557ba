package io.gizmoedge.client;

import io.gizmoedge.protocol.ExecutionSummary;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The answer to one query as the client received it: the Arrow schema, the batches of rows
 * (owned by this result and closed with it), and the server's summary.
 */
public record QueryResult(Schema schema, List<VectorSchemaRoot> batches, ExecutionSummary summary)
        implements AutoCloseable {

    public QueryResult {
        Objects.requireNonNull(schema, "schema");
        batches = List.copyOf(batches);
        Objects.requireNonNull(summary, "summary");
    }

    public long rowCount() {
        return batches.stream().mapToLong(VectorSchemaRoot::getRowCount).sum();
    }

    @Override
    public void close() {
        batches.forEach(VectorSchemaRoot::close);
    }
}
