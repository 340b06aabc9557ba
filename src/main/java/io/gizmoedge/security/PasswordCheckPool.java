package io.gizmoedge.security;

import io.gizmoedge.engine.DaemonThreads;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The threads that check passwords, so that slow hashing (PBKDF2, about 0.2 s a check) can never
 * take more than {@code threads} cores, however many logins arrive. At most {@code threads +
 * queueCapacity} checks are admitted at a time, and at most {@code perSourceLimit} of them from one
 * source address: one address cannot fill the queue, so a correct login from elsewhere waits for at
 * most a few checks. A check that is not admitted is refused at once; the caller answers "busy, try
 * again" instead of queueing for ever.
 */
public final class PasswordCheckPool implements AutoCloseable {
    /** Checks queued behind each thread by default. */
    public static final int DEFAULT_QUEUE_PER_THREAD = 8;
    /**
     * Checks one source address may have admitted at a time by default: one, so that a burst from
     * one address is checked one attempt after the other and meets its login throttle after a few
     * (clients retry a "busy" answer, so honest logins from one host just wait their turn).
     */
    public static final int DEFAULT_PER_SOURCE_LIMIT = 1;

    /** Whether a check was admitted. */
    public sealed interface Admission<T> {
    }

    /** The check is queued or running; {@code result} completes with its value or its failure. */
    public record Admitted<T>(Future<T> result) implements Admission<T> {
        public Admitted {
            Objects.requireNonNull(result, "result");
        }
    }

    /** The check was not admitted and will not run. */
    public record Refused<T>(Reason reason) implements Admission<T> {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why a check was refused. */
    public enum Reason {
        /** The source already has its share of checks admitted. */
        SOURCE_BUSY,
        /** Every thread is busy and the queue is full. */
        POOL_FULL
    }

    private final int capacity;
    private final int perSourceLimit;
    private final ExecutorService threads;
    private final Map<SourceAddress, Integer> admittedBySource = new HashMap<>();
    private int admitted;

    /**
     * @param threads threads that hash (at least 1)
     * @param queueCapacity checks that may wait for a thread (at least 0)
     * @param perSourceLimit checks one source may have admitted (at least 1)
     */
    public PasswordCheckPool(int threads, int queueCapacity, int perSourceLimit) {
        if (threads < 1) {
            throw new IllegalArgumentException("password check threads must be at least 1, got " + threads);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("password check queue must not be negative, got " + queueCapacity);
        }
        if (perSourceLimit < 1) {
            throw new IllegalArgumentException("checks per source must be at least 1, got " + perSourceLimit);
        }
        this.capacity = threads + queueCapacity;
        this.perSourceLimit = perSourceLimit;
        this.threads = Executors.newFixedThreadPool(threads, DaemonThreads.named("password-check"));
    }

    /** A pool of {@code threads} threads with the default queue and per-source limit. */
    public static PasswordCheckPool withThreads(int threads) {
        return new PasswordCheckPool(threads, threads * DEFAULT_QUEUE_PER_THREAD, DEFAULT_PER_SOURCE_LIMIT);
    }

    /** Half the cores, at least one: logins never take the whole machine. */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** Admits {@code check} for {@code source} and runs it on the pool, or refuses it at once. */
    public <T> Admission<T> submit(SourceAddress source, Callable<T> check) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(check, "check");
        synchronized (this) {
            int fromSource = admittedBySource.getOrDefault(source, 0);
            if (fromSource >= perSourceLimit) {
                return new Refused<>(Reason.SOURCE_BUSY);
            }
            if (admitted >= capacity) {
                return new Refused<>(Reason.POOL_FULL);
            }
            admittedBySource.put(source, fromSource + 1);
            admitted++;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            threads.execute(() -> {
                T value;
                try {
                    value = check.call();
                } catch (Throwable t) {
                    release(source);
                    result.completeExceptionally(t);
                    return;
                }
                release(source); // before the caller sees the result, so its next check finds the place free
                result.complete(value);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            release(source); // only after close
            result.completeExceptionally(e);
        }
        return new Admitted<>(result);
    }

    /** Checks admitted (queued or running) now. */
    public synchronized int admitted() {
        return admitted;
    }

    private synchronized void release(SourceAddress source) {
        admitted--;
        admittedBySource.computeIfPresent(source, (key, count) -> count == 1 ? null : count - 1);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
