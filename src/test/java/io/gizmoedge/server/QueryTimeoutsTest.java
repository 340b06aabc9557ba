package io.gizmoedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.protocol.QueryOptions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryTimeoutsTest {
    @Test
    void theShorterOfTheServersAndTheSessionsTimeoutApplies() {
        try (QueryTimeouts server = new QueryTimeouts(Optional.of(Duration.ofSeconds(15)));
                QueryTimeouts none = new QueryTimeouts(Optional.empty())) {
            assertThat(server.timeoutOf(QueryOptions.DEFAULT)).contains(Duration.ofSeconds(15));
            assertThat(server.timeoutOf(QueryOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)))).contains(Duration.ofSeconds(5));
            assertThat(server.timeoutOf(QueryOptions.DEFAULT.withTimeout(Duration.ofMinutes(5)))).contains(Duration.ofSeconds(15));
            assertThat(none.timeoutOf(QueryOptions.DEFAULT)).isEmpty();
            assertThat(none.timeoutOf(QueryOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)))).contains(Duration.ofSeconds(5));
        }
    }

    @Test
    void aQueryPastItsTimeoutIsCancelledWithTheMessageAndOneThatEndsInTimeIsNot() throws Exception {
        try (QueryTimeouts timeouts = new QueryTimeouts(Optional.empty())) {
            Cancellation late = new Cancellation();
            timeouts.start(QueryOptions.DEFAULT.withTimeout(Duration.ofMillis(1500)), late);
            Cancellation inTime = new Cancellation();
            timeouts.start(QueryOptions.DEFAULT.withTimeout(Duration.ofMillis(200)), inTime).close();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (late.reason().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(late.reason()).contains("query timed out after 1.5 s");
            assertThat(inTime.isCancelled()).isFalse();
        }
    }
}
