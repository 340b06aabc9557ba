package io.gizmoedge.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.engine.Cancellation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class ArrowStreamForwarderTest {
    /** A client stream whose readiness the test decides. */
    private static final class SlowClient implements ServerStreamListener {
        volatile boolean ready;
        volatile boolean cancelled;
        volatile Runnable onReady = () -> { };
        volatile Runnable onCancel = () -> { };
        volatile VectorSchemaRoot root;
        final AtomicInteger rowsSent = new AtomicInteger();
        volatile boolean completed;

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void setOnCancelHandler(Runnable handler) {
            onCancel = handler;
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setOnReadyHandler(Runnable handler) {
            onReady = handler;
        }

        @Override
        public void start(VectorSchemaRoot root, DictionaryProvider dictionaries, IpcOption option) {
            this.root = root;
        }

        @Override
        public void putNext() {
            rowsSent.addAndGet(root.getRowCount());
        }

        @Override
        public void putNext(ArrowBuf metadata) {
            putNext();
        }

        @Override
        public void putMetadata(ArrowBuf metadata) {
        }

        @Override
        public void error(Throwable ex) {
        }

        @Override
        public void completed() {
            completed = true;
        }
    }

    private static byte[] payload(BufferAllocator allocator, int rows) throws IOException {
        try (IntVector numbers = new IntVector("n", allocator)) {
            for (int i = 0; i < rows; i++) {
                numbers.setSafe(i, i);
            }
            try (VectorSchemaRoot root = VectorSchemaRoot.of(numbers)) {
                root.setRowCount(rows);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, bytes)) {
                    writer.start();
                    writer.writeBatch();
                    writer.end();
                }
                return bytes.toByteArray();
            }
        }
    }

    @Test
    void aBatchWaitsUntilTheClientCanTakeIt() throws Exception {
        try (BufferAllocator allocator = new RootAllocator()) {
            SlowClient client = new SlowClient();
            byte[] batch = payload(allocator, 10);
            try (ArrowStreamForwarder forwarder = new ArrowStreamForwarder(client, allocator, new Cancellation())) {
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                    try {
                        forwarder.accept(batch);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                Thread.sleep(300);
                assertThat(sending).isNotDone();
                assertThat(client.rowsSent).hasValue(0);
                client.ready = true;
                client.onReady.run();
                sending.get(5, TimeUnit.SECONDS);
                assertThat(client.rowsSent).hasValue(10);
                forwarder.complete(new Schema(List.of()));
                assertThat(client.completed).isTrue();
            }
        }
    }

    @Test
    void aClientThatCancelsCancelsTheQuery() throws Exception {
        try (BufferAllocator allocator = new RootAllocator()) {
            SlowClient client = new SlowClient();
            Cancellation cancellation = new Cancellation();
            byte[] batch = payload(allocator, 3);
            try (ArrowStreamForwarder forwarder = new ArrowStreamForwarder(client, allocator, cancellation)) {
                client.cancelled = true;
                client.onCancel.run();
                assertThat(cancellation.reason()).contains("query cancelled");
                assertThatThrownBy(() -> forwarder.accept(batch)).isInstanceOf(IOException.class);
            }
        }
    }
}
