package io.gizmoedge.flight;

import io.gizmoedge.engine.ArrowFrameDecoder;
import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.Cancellation;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Forwards an answer's Arrow IPC payloads (as the coordinator produces them) to a Flight stream, one
 * batch at a time: each payload is decoded, moved into the stream's root and sent once the client
 * can take it ({@link ServerStreamListener#isReady}), so the server holds about one batch per query
 * whatever the answer's size. A client that cancels its stream cancels the query.
 */
final class ArrowStreamForwarder implements PayloadSink, AutoCloseable {
    /** How often a blocked sender looks again whether the client cancelled (besides being woken when ready). */
    private static final Duration READY_POLL = Duration.ofMillis(100);

    private final ServerStreamListener listener;
    private final BufferAllocator allocator;
    private final Cancellation cancellation;
    private final Object readiness = new Object();
    private VectorSchemaRoot root;
    private long rows;

    ArrowStreamForwarder(ServerStreamListener listener, BufferAllocator allocator, Cancellation cancellation) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
        listener.setOnReadyHandler(this::wakeUp);
        listener.setOnCancelHandler(() -> {
            cancellation.cancel("query cancelled");
            wakeUp();
        });
    }

    @Override
    public void accept(byte[] payload) throws IOException {
        try (VectorSchemaRoot batch = ArrowFrameDecoder.decode(payload, allocator)) {
            if (root == null) {
                start(batch.getSchema());
            }
            if (batch.getRowCount() == 0) {
                return;
            }
            awaitReady();
            try (ArrowRecordBatch moved = new VectorUnloader(batch).getRecordBatch()) {
                new VectorLoader(root).load(moved);
            }
            listener.putNext();
            rows += batch.getRowCount();
        }
    }

    /** Ends the stream; an answer without any payload is sent as {@code schema} with no rows. */
    void complete(Schema schemaWhenEmpty) {
        if (root == null) {
            start(schemaWhenEmpty);
        }
        listener.completed();
    }

    long rows() {
        return rows;
    }

    private void start(Schema schema) {
        root = VectorSchemaRoot.create(schema, allocator);
        listener.start(root);
    }

    private void awaitReady() throws IOException {
        synchronized (readiness) {
            while (!listener.isReady()) {
                if (listener.isCancelled()) {
                    cancellation.cancel("query cancelled");
                    throw new IOException("the client cancelled the stream");
                }
                try {
                    readiness.wait(READY_POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while the client was not reading");
                }
            }
        }
    }

    private void wakeUp() {
        synchronized (readiness) {
            readiness.notifyAll();
        }
    }

    @Override
    public void close() {
        if (root != null) {
            root.close();
        }
    }
}
