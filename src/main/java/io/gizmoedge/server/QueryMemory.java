package io.gizmoedge.server;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one distributed run keeps on the server between its stages: stage results that later stages
 * read, and the per-worker parts of repartitioned ones. At most {@code limitBytes} (the server's
 * {@code --max-query-memory}); a payload that would pass the limit is refused with
 * {@link Exceeded}, and the query then runs on the server's DuckDB, which spills to disk, rather
 * than the server running out of heap. Reserving is thread-safe: workers' frames arrive on several
 * threads.
 */
final class QueryMemory {
    private final long limitBytes;
    private final AtomicLong heldBytes = new AtomicLong();

    QueryMemory(long limitBytes) {
        if (limitBytes < 1) {
            throw new IllegalArgumentException("the memory a query may hold must be at least 1 byte, got " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    /** Counts {@code bytes} more as held, or refuses them when the run would then hold more than the limit. */
    void reserve(long bytes) throws Exceeded {
        long held = heldBytes.addAndGet(bytes);
        if (held > limitBytes) {
            heldBytes.addAndGet(-bytes);
            throw new Exceeded(limitBytes);
        }
    }

    /** Counts {@code bytes} as no longer held. */
    void release(long bytes) {
        heldBytes.addAndGet(-bytes);
    }

    /** A run needed more memory on the server than {@code --max-query-memory}. */
    static final class Exceeded extends IOException {
        private static final long serialVersionUID = 1L;

        Exceeded(long limitBytes) {
            super("the rows this query moves between its stages need more than " + size(limitBytes)
                    + " of the server's memory (--max-query-memory)");
        }

        private static String size(long bytes) {
            long mebibyte = 1024 * 1024;
            return bytes >= mebibyte ? bytes / mebibyte + " MiB" : bytes + " bytes";
        }

        /** The Exceeded that {@code failure} was caused by, if any. */
        static java.util.Optional<Exceeded> in(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof Exceeded exceeded) {
                    return java.util.Optional.of(exceeded);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
