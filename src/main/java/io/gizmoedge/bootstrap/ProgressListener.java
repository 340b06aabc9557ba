package io.gizmoedge.bootstrap;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Hears bootstrap's progress per step and per table. Calls may come from several threads. */
public interface ProgressListener {
    /** A step (users, tls, generate, shard, manifest) starts. */
    default void stepStarted(String step, String description) {
    }

    /** A table finished within a step, with its row count and time taken. */
    default void tableFinished(String step, String table, long rows, Duration elapsed) {
    }

    /** A step finished. */
    default void stepFinished(String step, Duration elapsed) {
    }

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return new ProgressListener() {
        };
    }

    /** A listener that prints one line per event to {@code out}. */
    static ProgressListener printingTo(PrintStream out) {
        return new ProgressListener() {
            @Override
            public void stepStarted(String step, String description) {
                out.println("[" + step + "] " + description);
            }

            @Override
            public void tableFinished(String step, String table, long rows, Duration elapsed) {
                out.println(String.format(Locale.ROOT, "[%s]   %-9s %,12d rows %8.2f s", step, table, rows,
                        elapsed.toMillis() / 1000.0));
            }

            @Override
            public void stepFinished(String step, Duration elapsed) {
                out.println(String.format(Locale.ROOT, "[%s] done in %.2f s", step, elapsed.toMillis() / 1000.0));
            }
        };
    }
}
