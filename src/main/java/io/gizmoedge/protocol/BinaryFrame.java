package io.gizmoedge.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A binary frame: one kind byte, an 8-byte id (big-endian) naming the request or transfer it
 * belongs to, then the payload. An {@link Kind#ARROW} payload is one self-contained Arrow IPC
 * stream (schema, at most one record batch, end marker); a {@link Kind#FILE_CHUNK} payload is
 * the next bytes of a shard file.
 */
public record BinaryFrame(Kind kind, long id, ByteBuffer payload) {
    public static final int HEADER_BYTES = 9;

    public enum Kind {
        ARROW((byte) 1),
        FILE_CHUNK((byte) 2);

        private final byte code;

        Kind(byte code) {
            this.code = code;
        }

        static Kind of(byte code) throws MalformedMessageException {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new MalformedMessageException("unknown binary frame kind " + code);
        }
    }

    public BinaryFrame {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
    }

    /** A frame holding a copy of {@code length} bytes of {@code bytes}. */
    public static ByteBuffer encode(Kind kind, long id, byte[] bytes, int offset, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + length);
        buffer.put(kind.code).putLong(id).put(bytes, offset, length).flip();
        return buffer;
    }

    /** Reads the header; the payload is a view of {@code frame}, valid only while the frame is. */
    public static BinaryFrame decode(ByteBuffer frame) throws MalformedMessageException {
        if (frame.remaining() < HEADER_BYTES) {
            throw new MalformedMessageException("binary frame of " + frame.remaining() + " bytes is shorter than its header");
        }
        ByteBuffer view = frame.slice();
        Kind kind = Kind.of(view.get());
        long id = view.getLong();
        return new BinaryFrame(kind, id, view.slice());
    }

    public byte[] payloadBytes() {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }
}
