package io.gizmoedge.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Presents many frame payloads with one schema (for instance every worker's partial result of a
 * stage) as a single Arrow stream, so that DuckDB can scan them as one table.
 */
public final class ConcatenatedArrowReader extends ArrowReader {
    private final List<byte[]> payloads;
    private final Schema schema;
    private int next;
    private long bytesRead;

    public ConcatenatedArrowReader(BufferAllocator allocator, Schema schema, List<byte[]> payloads) {
        super(allocator);
        this.schema = schema;
        this.payloads = List.copyOf(payloads);
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        prepareLoadNextBatch();
        while (next < payloads.size()) {
            byte[] payload = payloads.get(next++);
            try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(payload), allocator)) {
                if (reader.loadNextBatch() && reader.getVectorSchemaRoot().getRowCount() > 0) {
                    bytesRead += payload.length;
                    ArrowFrameDecoder.moveBatch(reader.getVectorSchemaRoot(), getVectorSchemaRoot());
                    return true;
                }
            }
        }
        getVectorSchemaRoot().setRowCount(0);
        return false;
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    protected void closeReadSource() {
        // payloads live on the heap; nothing to release
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
