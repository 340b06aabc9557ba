package io.gizmoedge.client;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Tells the user how an {@code .import} goes: rows and megabytes sent and the rate. Live, one line
 * rewritten in place at most {@value #UPDATES_PER_SECOND} times a second (the interactive shell);
 * otherwise only the final line (scripts run with {@code -c} or {@code -f}, whose standard error may
 * be a log file).
 */
public final class ImportProgress {
    static final int UPDATES_PER_SECOND = 4;
    private static final long UPDATE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1) / UPDATES_PER_SECOND;

    private final PrintWriter out;
    private final boolean live;
    private final LongSupplier nanoClock;
    private long startedNanos;
    private long lastUpdateNanos;
    private int lastLineLength;

    public ImportProgress(PrintWriter out, boolean live) {
        this(out, live, System::nanoTime);
    }

    ImportProgress(PrintWriter out, boolean live, LongSupplier nanoClock) {
        this.out = Objects.requireNonNull(out, "out");
        this.live = live;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.startedNanos = nanoClock.getAsLong();
        this.lastUpdateNanos = startedNanos;
    }

    /** The first row is about to be sent: the elapsed time and the rate count from here. */
    public void start() {
        startedNanos = nanoClock.getAsLong();
        lastUpdateNanos = startedNanos;
    }

    /** {@code rows} rows in {@code bytes} bytes are sent so far. */
    public void update(long rows, long bytes) {
        if (!live) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - lastUpdateNanos < UPDATE_INTERVAL_NANOS) {
            return;
        }
        lastUpdateNanos = now;
        rewrite("sending: " + describe(rows, bytes, now));
    }

    /** Every row was sent: the final line. */
    public void finish(long rows, long bytes) {
        String line = "sent " + describe(rows, bytes, nanoClock.getAsLong());
        if (live) {
            rewrite(line);
            out.println();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The import stopped before every row was sent: ends a live line, so that the error starts on its own. */
    public void abandon() {
        if (live && lastLineLength > 0) {
            out.println();
            out.flush();
        }
    }

    private void rewrite(String line) {
        String padding = " ".repeat(Math.max(0, lastLineLength - line.length()));
        out.print("\r" + line + padding);
        out.flush();
        lastLineLength = line.length();
    }

    private String describe(long rows, long bytes, long now) {
        double seconds = Math.max(1e-3, (now - startedNanos) / 1e9);
        return String.format(Locale.ROOT, "%,d rows, %.1f MB in %.1f s (%,d rows/s)", rows, bytes / 1e6, seconds,
                Math.round(rows / seconds));
    }
}
