package io.gizmoedge.server;

import io.gizmoedge.engine.HashPartitioning;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A {@link HashPartitioning.PartSink} that passes each payload on to another connection without
 * waiting until it is written. A worker's connection that delivers such rows reads its next frame
 * only when {@link #forward}'s future completes, which gives back-pressure from the receiving
 * worker to the producing one without holding a thread or the rows.
 */
interface ForwardingPartSink extends HashPartitioning.PartSink {
    /** Queues {@code payload} of part {@code part}; the future completes once it is written or dropped. */
    CompletableFuture<Void> forward(int part, byte[] payload);

    /** Forwards and waits until written; for producers on a thread of their own (a stage on the server). */
    @Override
    default void accept(int part, byte[] payload) throws IOException {
        try {
            forward(part, payload).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while passing rows on", e);
        } catch (ExecutionException e) {
            throw new IOException("passing rows on failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
