package io.gizmoedge.bootstrap;

import java.io.PrintStream;
import java.io.PrintWriter;
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
        return printingTo(new PrintWriter(out, true));
    }

    /** A listener that prints one line per event to {@code out}, flushing each line. */
    static ProgressListener printingTo(PrintWriter writer) {
        java.util.function.Consumer<String> out = line -> {
            synchronized (writer) {
                writer.println(line);
                writer.flush();
            }
        };
        return new ProgressListener() {
            @Override
            public void stepStarted(String step, String description) {
                out.accept("[" + step + "] " + description);
            }

            @Override
            public void tableFinished(String step, String table, long rows, Duration elapsed) {
                out.accept(String.format(Locale.ROOT, "[%s]   %-9s %,12d rows %8.2f s", step, table, rows,
                        elapsed.toMillis() / 1000.0));
            }

            @Override
            public void stepFinished(String step, Duration elapsed) {
                out.accept(String.format(Locale.ROOT, "[%s] done in %.2f s", step, elapsed.toMillis() / 1000.0));
            }
        };
    }
}
