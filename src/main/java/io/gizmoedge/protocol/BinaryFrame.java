package io.gizmoedge.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A binary frame: one kind byte, an 8-byte id (big-endian) naming the request or transfer it
 * belongs to, then the payload. An {@link Kind#ARROW} payload is one self-contained Arrow IPC
 * stream (schema, at most one record batch, end marker); a {@link Kind#FILE_CHUNK} payload is
 * the next bytes of a shard file; a {@link Kind#STAGE_INPUT} payload is a 2-byte name length, the
 * UTF-8 name of an input table of the stage, then an Arrow payload of that table.
 */
public record BinaryFrame(Kind kind, long id, ByteBuffer payload) {
    public static final int HEADER_BYTES = 9;

    public enum Kind {
        ARROW((byte) 1),
        FILE_CHUNK((byte) 2),
        STAGE_INPUT((byte) 3),
        /** Worker → server: one Arrow payload of one part of a divided stage's rows ({@link #encodePart}). */
        ARROW_PART((byte) 4);

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

    /** A stage input frame: the table's name, then one Arrow payload of it. */
    public static ByteBuffer encodeStageInput(long requestId, String tableName, byte[] arrowPayload) {
        byte[] name = tableName.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (name.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("table name too long");
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + 2 + name.length + arrowPayload.length);
        buffer.put(Kind.STAGE_INPUT.code).putLong(requestId).putShort((short) name.length).put(name).put(arrowPayload).flip();
        return buffer;
    }

    /** An ARROW_PART frame: the part's number (4 bytes), then one Arrow payload of the part's rows. */
    public static ByteBuffer encodePart(long requestId, int part, byte[] arrowPayload) {
        if (part < 0) {
            throw new IllegalArgumentException("part " + part);
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + 4 + arrowPayload.length);
        buffer.put(Kind.ARROW_PART.code).putLong(requestId).putInt(part).put(arrowPayload).flip();
        return buffer;
    }

    /** The part number and Arrow payload of a {@link Kind#ARROW_PART} frame. */
    public record PartChunk(int part, byte[] arrowPayload) {
    }

    public PartChunk part() throws MalformedMessageException {
        ByteBuffer view = payload.duplicate();
        if (kind != Kind.ARROW_PART || view.remaining() < 4) {
            throw new MalformedMessageException("not a part frame");
        }
        int part = view.getInt();
        if (part < 0) {
            throw new MalformedMessageException("part frame with part " + part);
        }
        byte[] arrow = new byte[view.remaining()];
        view.get(arrow);
        return new PartChunk(part, arrow);
    }

    /** The table name and Arrow payload of a {@link Kind#STAGE_INPUT} frame. */
    public record StageInputChunk(String tableName, byte[] arrowPayload) {
    }

    public StageInputChunk stageInput() throws MalformedMessageException {
        ByteBuffer view = payload.duplicate();
        if (kind != Kind.STAGE_INPUT || view.remaining() < 2) {
            throw new MalformedMessageException("not a stage input frame");
        }
        int length = view.getShort();
        if (length < 1 || length > view.remaining()) {
            throw new MalformedMessageException("stage input frame has a bad name length " + length);
        }
        byte[] name = new byte[length];
        view.get(name);
        byte[] arrow = new byte[view.remaining()];
        view.get(arrow);
        return new StageInputChunk(new String(name, java.nio.charset.StandardCharsets.UTF_8), arrow);
    }

    public byte[] payloadBytes() {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }
}
