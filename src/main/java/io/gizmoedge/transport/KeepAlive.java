package io.gizmoedge.transport;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Pings the server regularly so that an idle but healthy connection is not closed by the idle
 * timeout, while a dead one still is.
 */
public final class KeepAlive implements AutoCloseable {
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(io.gizmoedge.engine.DaemonThreads.named("keep-alive"));

    public KeepAlive(Session session, Duration idleTimeout) {
        long periodMillis = Math.max(1000, idleTimeout.toMillis() / 3);
        timer.scheduleAtFixedRate(() -> {
            if (session.isOpen()) {
                session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
