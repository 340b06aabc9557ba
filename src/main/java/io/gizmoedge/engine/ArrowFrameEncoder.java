package io.gizmoedge.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * Turns Arrow data into frame payloads: each payload is one self-contained Arrow IPC stream
 * holding the schema and at most one record batch, never larger than the maximum payload size
 * (a batch too large is split in halves). A result with no rows still yields one payload, so
 * the receiver always learns the schema.
 */
public final class ArrowFrameEncoder {

    /** Receives encoded payloads in order. */
    @FunctionalInterface
    public interface PayloadSink {
        void accept(byte[] payload) throws IOException;
    }

    private final long maxPayloadBytes;

    public ArrowFrameEncoder(long maxPayloadBytes) {
        if (maxPayloadBytes < 1024) {
            throw new IllegalArgumentException("maximum payload size must be at least 1024 bytes");
        }
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * Encodes every batch of {@code reader}, dictionary-encoded columns decoded to their values
     * ({@link DictionaryDecoding}); returns the number of rows.
     */
    public long encodeAll(ArrowReader reader, PayloadSink sink) throws IOException {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        boolean decode = DictionaryDecoding.hasDictionaries(root);
        long rows = 0;
        boolean sentAny = false;
        while (reader.loadNextBatch()) {
            if (root.getRowCount() == 0 && sentAny) {
                continue;
            }
            rows += root.getRowCount();
            encode(root, reader, decode, true, sink);
            sentAny = true;
        }
        if (!sentAny) {
            root.setRowCount(0);
            encode(root, reader, decode, false, sink);
        }
        return rows;
    }

    /** Encodes {@code root} (its batch, or only its schema), dictionary-encoded columns decoded when {@code decode}. */
    private void encode(VectorSchemaRoot root, ArrowReader reader, boolean decode, boolean withBatch, PayloadSink sink)
            throws IOException {
        if (!decode) {
            encodeRootOrSchema(root, withBatch, sink);
            return;
        }
        try (VectorSchemaRoot decoded = DictionaryDecoding.decode(root, reader)) {
            encodeRootOrSchema(decoded, withBatch, sink);
        }
    }

    private void encodeRootOrSchema(VectorSchemaRoot root, boolean withBatch, PayloadSink sink) throws IOException {
        if (withBatch) {
            encodeBatch(root, sink);
        } else {
            sink.accept(serialize(root, false));
        }
    }

    /** Encodes the rows currently in {@code root}, splitting it when it is too large for one payload. */
    public void encodeBatch(VectorSchemaRoot root, PayloadSink sink) throws IOException {
        byte[] bytes = serialize(root, true);
        if (bytes.length <= maxPayloadBytes || root.getRowCount() <= 1) {
            if (bytes.length > maxPayloadBytes) {
                throw new IOException("a single row needs " + bytes.length + " bytes, more than the maximum message size of "
                        + maxPayloadBytes + " bytes; raise --max-websocket-message-size");
            }
            sink.accept(bytes);
            return;
        }
        int half = root.getRowCount() / 2;
        try (VectorSchemaRoot first = root.slice(0, half)) {
            encodeBatch(first, sink);
        }
        try (VectorSchemaRoot second = root.slice(half, root.getRowCount() - half)) {
            encodeBatch(second, sink);
        }
    }

    private static byte[] serialize(VectorSchemaRoot root, boolean withBatch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
            writer.start();
            if (withBatch) {
                writer.writeBatch();
            }
            writer.end();
        }
        return out.toByteArray();
    }
}
