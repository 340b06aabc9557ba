package io.gizmoedge.planner;

/**
 * Runs one planning call on a thread of its own with a deep stack, and waits for it. Calcite's
 * parser, validator, converter and SQL writer recurse once per level of nesting: on the JVM's
 * default 1 MB stack, queries DuckDB answers (1,000 nested parentheses, an OR of 1,000 terms)
 * overflowed it; with {@value #STACK_MB} MB they plan (measured up to 3,000 levels in every shape
 * tried). A thread per call costs a fraction of a millisecond against the milliseconds of planning
 * (and cached plans skip it); it holds no state between calls.
 */
final class PlanningThread {
    static final int STACK_MB = 16;

    /** Planning work; the one checked exception it may throw is a refusal. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws QueryRefusedException;
    }

    private PlanningThread() {
    }

    /**
     * The result of {@code work}, run on a new thread; what it throws is thrown here. The caller
     * waits even when interrupted (planning takes seconds at most) and is interrupted again after.
     */
    static <T> T run(Work<T> work) throws QueryRefusedException {
        Outcome<T> outcome = new Outcome<>();
        Thread thread = new Thread(null, () -> outcome.complete(work), "planner", (long) STACK_MB << 20);
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return outcome.get();
    }

    /** What the planning thread produced; written by it before it ends, read after the join. */
    private static final class Outcome<T> {
        private T result;
        private Throwable failure;

        void complete(Work<T> work) {
            try {
                result = work.run();
            } catch (QueryRefusedException | RuntimeException | Error e) {
                failure = e;
            }
        }

        T get() throws QueryRefusedException {
            if (failure instanceof QueryRefusedException refused) {
                throw refused;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            return result;
        }
    }
}
