package io.gizmoedge.server;

import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.engine.DaemonThreads;
import io.gizmoedge.protocol.DurationText;
import io.gizmoedge.protocol.QueryOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cancels queries that run longer than their timeout: the server's {@code --query-timeout} or the
 * session's, whichever is shorter. The user is told {@code query timed out after N s}.
 */
final class QueryTimeouts implements AutoCloseable {
    private final Optional<Duration> serverTimeout;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("query-timeout"));

    QueryTimeouts(Optional<Duration> serverTimeout) {
        serverTimeout.ifPresent(timeout -> {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a query timeout must be positive");
            }
        });
        this.serverTimeout = serverTimeout;
    }

    /** The timeout of a query with {@code options}, if any. */
    Optional<Duration> timeoutOf(QueryOptions options) {
        Optional<Duration> session = options.timeoutMillis() > 0 ? Optional.of(Duration.ofMillis(options.timeoutMillis()))
                : Optional.empty();
        if (session.isPresent() && serverTimeout.isPresent()) {
            return Optional.of(session.get().compareTo(serverTimeout.get()) < 0 ? session.get() : serverTimeout.get());
        }
        return session.isPresent() ? session : serverTimeout;
    }

    /** Starts the clock of a query; closing the result stops it (the query ended in time). */
    Cancellation.Registration start(QueryOptions options, Cancellation query) {
        Optional<Duration> timeout = timeoutOf(options);
        if (timeout.isEmpty()) {
            return () -> { };
        }
        ScheduledFuture<?> alarm = timer.schedule(() -> query.cancel("query timed out after "
                + DurationText.format(timeout.get())),
                timeout.get().toMillis(), TimeUnit.MILLISECONDS);
        return () -> alarm.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
