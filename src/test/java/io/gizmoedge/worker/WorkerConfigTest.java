package io.gizmoedge.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.engine.DuckDbSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    @Test
    void duckDbSpillsIntoTheDataDirectoryUnlessTold() {
        assertThat(config(DuckDbSettings.DEFAULT).duckDb().temporaryDirectory())
                .contains(Path.of("cache/w1/tmp").toAbsolutePath());
        DuckDbSettings elsewhere = new DuckDbSettings(0, Optional.empty(), Optional.of(Path.of("/scratch/spill")));
        assertThat(config(elsewhere).duckDb().temporaryDirectory()).contains(Path.of("/scratch/spill"));
    }

    private static WorkerConfig config(DuckDbSettings duckDb) {
        return new WorkerConfig("w1", "localhost", 8765, false, Optional.empty(), false, "worker", "secret", duckDb,
                Path.of("cache/w1"), 1 << 20, Duration.ofSeconds(60), Duration.ofSeconds(2));
    }
}
