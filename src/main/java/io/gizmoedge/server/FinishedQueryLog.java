package io.gizmoedge.server;

import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.querylog.QueryLogEntry;
import io.gizmoedge.querylog.QueryLogWriter;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the server notes each statement that finished ({@code --query-log}): its user, location,
 * cause and reason, never its text. A log that cannot be written costs no answer: the first failure
 * is logged as a warning, later ones at debug level.
 */
final class FinishedQueryLog {
    private static final Logger LOG = LoggerFactory.getLogger(FinishedQueryLog.class);

    private final Optional<QueryLogWriter> writer;
    private final InstantSource clock;
    private final AtomicBoolean warned = new AtomicBoolean();

    FinishedQueryLog(Optional<QueryLogWriter> writer, InstantSource clock) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Notes that {@code caller}'s statement finished with {@code summary}. */
    void finished(Caller caller, ExecutionSummary summary) {
        if (writer.isEmpty()) {
            return;
        }
        try {
            writer.get().append(QueryLogEntry.of(clock.instant(), caller.user(), summary));
        } catch (IOException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("could not write the query log {}: {}", writer.get().file(), e.toString());
            } else {
                LOG.debug("could not write the query log {}: {}", writer.get().file(), e.toString());
            }
        }
    }
}
