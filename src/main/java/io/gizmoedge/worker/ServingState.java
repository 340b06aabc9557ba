package io.gizmoedge.worker;

import io.gizmoedge.engine.TableStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Which assignment the worker's database answers for. Stages run under a lease of the generation
 * they were planned for; a new assignment becomes visible only while no stage runs.
 */
final class ServingState {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private Serving serving;

    /** The assignment the database answers for, and what it holds. */
    private record Serving(long generation, ServedContent content) {
    }

    /** Held while a stage runs; the database keeps answering for its generation until it is closed. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** A lease of {@code generation}, or empty when the database answers for another one (or none). */
    Optional<Lease> lease(long generation) {
        lock.readLock().lock();
        if (serving == null || serving.generation() != generation) {
            lock.readLock().unlock();
            return Optional.empty();
        }
        return Optional.of(() -> lock.readLock().unlock());
    }

    /** Serves {@code generation} with what is loaded already, when that is {@code content}; true if so. */
    boolean reuse(long generation, ServedContent content) {
        lock.writeLock().lock();
        try {
            if (serving != null && serving.content().equals(content)) {
                serving = new Serving(generation, content);
                return true;
            }
            return false;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Commits {@code change} and serves {@code generation} from then on. Waits at most {@code grace}
     * for running stages to end, then runs {@code stopStages} (they belong to an assignment that is
     * being replaced; the server runs them again) and waits for them to let go.
     */
    void swap(long generation, ServedContent content, TableStore.Change change, Duration grace, Runnable stopStages)
            throws SQLException, InterruptedException {
        if (!lock.writeLock().tryLock(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            stopStages.run();
            lock.writeLock().lockInterruptibly();
        }
        try {
            serving = null; // if the commit fails, no stage runs on tables of unknown contents
            change.commit();
            serving = new Serving(generation, content);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Serves nothing from now on (the database is closing). */
    void clear() {
        lock.writeLock().lock();
        try {
            serving = null;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
