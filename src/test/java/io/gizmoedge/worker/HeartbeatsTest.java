package io.gizmoedge.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.protocol.Message;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeartbeatsTest {
    private static final Duration PERIOD = Duration.ofMillis(10);

    @Test
    void aHeartbeatCarriesTheMeasuredMemory() throws Exception {
        BlockingQueue<Message.WorkerHeartbeat> sent = new LinkedBlockingQueue<>();
        try (Heartbeats ignored = new Heartbeats(sent::add, () -> 4096, PERIOD)) {
            assertThat(next(sent)).isEqualTo(new Message.WorkerHeartbeat(4096L));
        }
    }

    @Test
    void aFailedMeasurementSendsTheHeartbeatWithoutAFigure() throws Exception {
        BlockingQueue<Message.WorkerHeartbeat> sent = new LinkedBlockingQueue<>();
        AtomicInteger measurements = new AtomicInteger();
        Heartbeats.MemoryGauge failingFirst = () -> {
            if (measurements.incrementAndGet() == 1) {
                throw new SQLException("database is closing");
            }
            return 8192;
        };
        try (Heartbeats ignored = new Heartbeats(sent::add, failingFirst, PERIOD)) {
            assertThat(next(sent)).isEqualTo(new Message.WorkerHeartbeat(null));
            assertThat(next(sent)).isEqualTo(new Message.WorkerHeartbeat(8192L));
        }
    }

    @Test
    void heartbeatsGoOnAfterASendFails() throws Exception {
        BlockingQueue<Message.WorkerHeartbeat> sent = new LinkedBlockingQueue<>();
        AtomicInteger attempts = new AtomicInteger();
        Heartbeats.Sink failingTwice = heartbeat -> {
            int attempt = attempts.incrementAndGet();
            if (attempt == 1) {
                throw new IOException("the connection is closed");
            }
            if (attempt == 2) {
                throw new IllegalStateException("unexpected");
            }
            sent.add(heartbeat);
        };
        try (Heartbeats ignored = new Heartbeats(failingTwice, () -> 1, PERIOD)) {
            assertThat(next(sent)).isEqualTo(new Message.WorkerHeartbeat(1L));
        }
        assertThat(attempts.get()).isGreaterThanOrEqualTo(3);
    }

    private static Message.WorkerHeartbeat next(BlockingQueue<Message.WorkerHeartbeat> sent) throws InterruptedException {
        Message.WorkerHeartbeat heartbeat = sent.poll(10, TimeUnit.SECONDS);
        assertThat(heartbeat).as("a heartbeat within 10 s").isNotNull();
        return heartbeat;
    }
}
