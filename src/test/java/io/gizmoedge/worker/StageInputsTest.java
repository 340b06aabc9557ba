package io.gizmoedge.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StageInputsTest {
    private final StageInputs inputs = new StageInputs(() -> new ReceivedInputs(Long.MAX_VALUE, () -> {
        throw new SQLException("no database in this test");
    }, null));

    @Test
    void rowsArrivingForAStageThatStartedOrWasDroppedAreNotKept() {
        inputs.add(1, "moved", new byte[] {1});
        try (ReceivedInputs started = inputs.take(1).orElseThrow()) {
            assertThat(started.held("moved").orElseThrow().payloads()).hasSize(1);
        }
        inputs.add(1, "moved", new byte[] {2}); // a sender slow to stop
        assertThat(inputs.take(1)).isEmpty();

        inputs.add(2, "moved", new byte[] {3});
        inputs.drop(2);
        inputs.add(2, "moved", new byte[] {4});
        assertThat(inputs.take(2)).isEmpty();
    }

    @Test
    void aNewServerConnectionNumbersStagesAnew() {
        inputs.take(3);
        inputs.dropAll();
        inputs.add(3, "moved", new byte[] {5});
        assertThat(inputs.take(3)).isPresent();
    }
}
