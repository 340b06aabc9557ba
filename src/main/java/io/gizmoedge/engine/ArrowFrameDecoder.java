package io.gizmoedge.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** Reads a payload written by {@link ArrowFrameEncoder} back into vectors. */
public final class ArrowFrameDecoder {
    private ArrowFrameDecoder() {
    }

    /** The payload's schema only. */
    public static Schema schemaOf(byte[] payload, BufferAllocator allocator) throws IOException {
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(payload), allocator)) {
            return reader.getVectorSchemaRoot().getSchema();
        }
    }

    /**
     * Decodes the payload into a new root owned by the caller (close it); the root has zero rows
     * when the payload carries only a schema.
     */
    public static VectorSchemaRoot decode(byte[] payload, BufferAllocator allocator) throws IOException {
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(payload), allocator)) {
            VectorSchemaRoot source = reader.getVectorSchemaRoot();
            VectorSchemaRoot target = VectorSchemaRoot.create(source.getSchema(), allocator);
            try {
                if (reader.loadNextBatch()) {
                    moveBatch(source, target);
                }
                return target;
            } catch (IOException | RuntimeException e) {
                target.close();
                throw e;
            }
        }
    }

    /** Moves the current batch of {@code source} into {@code target} without copying buffers. */
    static void moveBatch(VectorSchemaRoot source, VectorSchemaRoot target) {
        try (ArrowRecordBatch batch = new VectorUnloader(source).getRecordBatch()) {
            new VectorLoader(target).load(batch);
        }
    }
}
