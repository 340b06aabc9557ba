package io.gizmoedge.client;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import java.io.IOException;

/** The rows an import sends to the server, written as Arrow payloads. */
@FunctionalInterface
public interface ImportRows {

    /**
     * Writes every row to {@code sink} as payloads of at most {@code maxPayloadBytes} (each a
     * self-contained Arrow IPC stream, all with one schema; at least one, with the schema, even when
     * there are no rows) and returns the number of rows.
     *
     * @throws QueryFailedException when the rows cannot be read (the message is one line for the user)
     * @throws IOException when {@code sink} fails
     */
    long writeTo(long maxPayloadBytes, PayloadSink sink) throws QueryFailedException, IOException;
}
