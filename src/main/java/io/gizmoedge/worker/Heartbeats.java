package io.gizmoedge.worker;

import io.gizmoedge.engine.DaemonThreads;
import io.gizmoedge.protocol.Message;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the server a {@code worker_heartbeat} at once and then every {@link #PERIOD} while one
 * connection lasts, with the memory the worker's DuckDB holds. The measurement runs on this
 * class's own thread and DuckDB connection, never on a stage's; when it fails the heartbeat goes
 * without a figure, and when sending fails the next one tries again.
 */
final class Heartbeats implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);
    /** How often a heartbeat goes: often enough for gizmo.workers to be current, rare enough to cost nothing. */
    static final Duration PERIOD = Duration.ofSeconds(2);

    /** Where heartbeats go: the connection to the server. */
    interface Sink {
        void send(Message.WorkerHeartbeat heartbeat) throws IOException;
    }

    /** The DuckDB memory in use now, in bytes. */
    interface MemoryGauge {
        long bytesInUse() throws SQLException;
    }

    private final Sink sink;
    private final MemoryGauge gauge;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("heartbeat"));

    Heartbeats(Sink sink, MemoryGauge gauge, Duration period) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.gauge = Objects.requireNonNull(gauge, "gauge");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the heartbeat period must be positive");
        }
        // a fixed delay: a heartbeat held up behind a large frame is not followed by a queue of others
        timer.scheduleWithFixedDelay(this::beat, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One heartbeat. Never throws: an exception would cancel every later run of the timer. */
    private void beat() {
        try {
            sink.send(new Message.WorkerHeartbeat(memoryInUse()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not send a heartbeat: {}", e.toString());
        }
    }

    private Long memoryInUse() {
        try {
            long bytes = gauge.bytesInUse();
            return bytes >= 0 ? bytes : null;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("could not measure DuckDB's memory: {}", e.toString());
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
