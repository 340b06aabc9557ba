package io.gizmoedge.server;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What distributed runs keep on the server between their stages: stage results that later stages
 * read, and the per-worker parts of repartitioned ones that are not passed straight on. The
 * server's pool ({@link #serverPool}, {@code --max-total-query-memory}) bounds all runs together;
 * each run takes a share of it ({@link #newRun}, {@code --max-query-memory}) bounded on its own. A
 * payload that would pass either bound is refused with {@link Exceeded}, and the query then runs on
 * the server's DuckDB, which spills to disk, rather than the server running out of heap. Reserving
 * is thread-safe: workers' frames arrive on several threads.
 */
final class QueryMemory implements AutoCloseable {
    private final long limitBytes;
    private final String option;
    private final String exceededBy;
    private final Optional<QueryMemory> pool;
    private final AtomicLong heldBytes = new AtomicLong();

    private QueryMemory(long limitBytes, String option, String exceededBy, Optional<QueryMemory> pool) {
        if (limitBytes < 1) {
            throw new IllegalArgumentException(option + " must be at least 1 byte, got " + limitBytes);
        }
        this.limitBytes = limitBytes;
        this.option = option;
        this.exceededBy = exceededBy;
        this.pool = pool;
    }

    /** The memory all runs of a server share: at most {@code limitBytes} at once. */
    static QueryMemory serverPool(long limitBytes) {
        return new QueryMemory(limitBytes, "--max-total-query-memory",
                "the queries running now together need more than %s of the server's memory for the rows they move"
                        + " between their stages", Optional.empty());
    }

    /** A run's memory: at most {@code limitBytes}, and only while the pool has room. Close it when the run ends. */
    QueryMemory newRun(long limitBytes) {
        if (pool.isPresent()) {
            throw new IllegalStateException("a run's memory has no runs of its own");
        }
        return new QueryMemory(limitBytes, "--max-query-memory",
                "the rows this query moves between its stages need more than %s of the server's memory", Optional.of(this));
    }

    /** Counts {@code bytes} more as held, or refuses them when this (or the pool) would then hold more than its limit. */
    void reserve(long bytes) throws Exceeded {
        long held = heldBytes.addAndGet(bytes);
        if (held > limitBytes) {
            heldBytes.addAndGet(-bytes);
            throw new Exceeded(String.format(exceededBy, size(limitBytes)) + " (" + option + ")");
        }
        if (pool.isPresent()) {
            try {
                pool.get().reserve(bytes);
            } catch (Exceeded e) {
                heldBytes.addAndGet(-bytes);
                throw e;
            }
        }
    }

    /** Counts {@code bytes} as no longer held. */
    void release(long bytes) {
        heldBytes.addAndGet(-bytes);
        pool.ifPresent(shared -> shared.release(bytes));
    }

    /** What is held now. */
    long heldBytes() {
        return heldBytes.get();
    }

    /** Gives what a finished (or failed) run still holds back to the pool. */
    @Override
    public void close() {
        release(heldBytes.get());
    }

    private static String size(long bytes) {
        long mebibyte = 1024 * 1024;
        return bytes >= mebibyte ? bytes / mebibyte + " MiB" : bytes + " bytes";
    }

    /** A run needed more memory on the server than {@code --max-query-memory} or {@code --max-total-query-memory} allow. */
    static final class Exceeded extends IOException {
        private static final long serialVersionUID = 1L;

        Exceeded(String message) {
            super(message);
        }

        /** The Exceeded that {@code failure} was caused by, if any. */
        static Optional<Exceeded> in(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof Exceeded exceeded) {
                    return Optional.of(exceeded);
                }
            }
            return Optional.empty();
        }
    }
}
