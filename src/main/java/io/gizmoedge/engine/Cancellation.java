package io.gizmoedge.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way to stop one piece of running work (a query on the server, a stage on a worker): parts
 * of the work register what stops them (interrupting a DuckDB statement, telling a worker to
 * cancel its stage), and {@link #cancel} runs all of them once, with the reason the user is told.
 * Parts registered after the cancellation are stopped at once.
 */
public final class Cancellation {
    private static final Logger LOG = LoggerFactory.getLogger(Cancellation.class);

    private final List<Runnable> actions = new ArrayList<>();
    private String reason;

    /** Undoes a registration once its part of the work has ended. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs {@code action} when the work is cancelled (at once when it already is). */
    public Registration onCancel(Runnable action) {
        synchronized (this) {
            if (reason == null) {
                actions.add(action);
                return () -> {
                    synchronized (this) {
                        actions.remove(action);
                    }
                };
            }
        }
        runQuietly(action);
        return () -> { };
    }

    /** Cancels the work with {@code why} (a line for the user); returns false when it was cancelled before. */
    public boolean cancel(String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) {
                return false;
            }
            reason = why;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(Cancellation::runQuietly);
        return true;
    }

    /** Why the work was cancelled; empty while it was not. */
    public synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    public boolean isCancelled() {
        return reason().isPresent();
    }

    /** Throws {@link WorkCancelledException} with the reason once the work is cancelled. */
    public void throwIfCancelled() throws WorkCancelledException {
        Optional<String> why = reason();
        if (why.isPresent()) {
            throw new WorkCancelledException(why.get());
        }
    }

    /**
     * Cancels {@code part} (a piece of this work that can also be stopped on its own) with this
     * work's reason when this work is cancelled; closing the result ends that link.
     */
    public Registration propagateTo(Cancellation part) {
        return onCancel(() -> part.cancel(reason().orElseThrow()));
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.debug("stopping part of a cancelled piece of work failed: {}", e.toString());
        }
    }
}
