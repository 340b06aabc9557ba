package io.gizmoedge.transport;

import io.gizmoedge.security.SourceAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the connections that have not yet become a WebSocket (TLS handshake, request headers,
 * password check): at most {@code max} at a time and at most {@code maxPerSource} from one
 * address; a connection beyond either bound is closed as soon as it opens. Each one must complete
 * its upgrade within {@code deadline} of opening, or it is closed: a total deadline, which a slow
 * sender cannot stretch by sending a byte now and then as it could an idle timeout.
 *
 * <p>A {@link Connection.Listener} on the connector: it sees the first connection of every socket
 * (the TLS detector, or the HTTP connection without TLS) and counts the socket until it is closed or
 * carries a WebSocket connection.
 */
public final class PendingUpgradeLimit implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(PendingUpgradeLimit.class);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Pending(SourceAddress source, Scheduler.Task deadline) {
    }

    private final int max;
    private final int maxPerSource;
    private final Duration deadline;
    private final Scheduler scheduler;
    /** What sets {@code deadline}, for the log line of a connection closed by it. */
    private final String deadlineSetting;
    private final Map<EndPoint, Pending> pending = new HashMap<>();
    private long lastWarning = System.nanoTime() - WARNING_INTERVAL_NANOS;

    /** {@code deadlineSetting} names what sets the deadline in the log line of a connection it closes. */
    public PendingUpgradeLimit(int max, int maxPerSource, Duration deadline, Scheduler scheduler, String deadlineSetting) {
        if (max < 1 || maxPerSource < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1, got " + max + " and " + maxPerSource);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the authentication deadline must be positive, got " + deadline);
        }
        this.max = max;
        this.maxPerSource = maxPerSource;
        this.deadline = deadline;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.deadlineSetting = Objects.requireNonNull(deadlineSetting, "deadlineSetting");
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (endPoint instanceof SslConnection.SslEndPoint) {
            return; // the decrypted side of a socket counted when it opened
        }
        String refusal;
        synchronized (this) {
            if (pending.containsKey(endPoint) || upgraded(endPoint)) {
                return;
            }
            SourceAddress source = SourceAddress.of(endPoint.getRemoteSocketAddress());
            if (pending.size() >= max || countFrom(source) >= maxPerSource) {
                forgetFinished();
            }
            if (pending.size() >= max) {
                refusal = max + " connections are waiting to authenticate";
            } else if (countFrom(source) >= maxPerSource) {
                refusal = maxPerSource + " connections from " + source + " are waiting to authenticate";
            } else {
                Scheduler.Task task = scheduler.schedule(() -> expire(endPoint), deadline.toMillis(), TimeUnit.MILLISECONDS);
                pending.put(endPoint, new Pending(source, task));
                return;
            }
            warn(refusal);
        }
        LOG.debug("closed {} at once: {}", endPoint.getRemoteSocketAddress(), refusal);
        endPoint.close();
    }

    @Override
    public void onClosed(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (endPoint.isOpen()) {
            return; // replaced by the next protocol's connection (TLS after detection): still the same socket
        }
        Pending done;
        synchronized (this) {
            done = pending.remove(endPoint);
        }
        if (done != null) {
            done.deadline().cancel();
        }
    }

    /** Connections waiting now: open, and not yet a WebSocket. */
    public synchronized int pendingCount() {
        forgetFinished();
        return pending.size();
    }

    private void expire(EndPoint endPoint) {
        synchronized (this) {
            if (pending.remove(endPoint) == null) {
                return;
            }
        }
        if (endPoint.isOpen() && !upgraded(endPoint)) {
            LOG.info("closed the connection from {}: it did not authenticate within {} s ({})",
                    endPoint.getRemoteSocketAddress(), deadline.toSeconds(), deadlineSetting);
            endPoint.close(new TimeoutException("not authenticated within " + deadline.toSeconds() + " s"));
        }
    }

    private int countFrom(SourceAddress source) {
        int count = 0;
        for (Pending entry : pending.values()) {
            if (entry.source().equals(source)) {
                count++;
            }
        }
        return count;
    }

    /** Drops sockets that closed or became WebSockets since they were counted. */
    private void forgetFinished() {
        List<Scheduler.Task> cancelled = new ArrayList<>();
        Iterator<Map.Entry<EndPoint, Pending>> iterator = pending.entrySet().iterator();
        while (iterator.hasNext()) {
            Map.Entry<EndPoint, Pending> entry = iterator.next();
            if (!entry.getKey().isOpen() || upgraded(entry.getKey())) {
                cancelled.add(entry.getValue().deadline());
                iterator.remove();
            }
        }
        cancelled.forEach(Scheduler.Task::cancel);
    }

    private void warn(String refusal) {
        long now = System.nanoTime();
        if (now - lastWarning >= WARNING_INTERVAL_NANOS) {
            lastWarning = now;
            LOG.warn("refusing new connections: {} (--max-unauthenticated-connections {}, at most {} per address)",
                    refusal, max, maxPerSource);
        }
    }

    /** Whether the socket now carries a WebSocket (directly, or inside TLS). */
    private static boolean upgraded(EndPoint endPoint) {
        Connection connection = endPoint.getConnection();
        while (connection instanceof SslConnection ssl) {
            connection = ssl.getSslEndPoint().getConnection();
        }
        return connection instanceof WebSocketConnection;
    }
}
