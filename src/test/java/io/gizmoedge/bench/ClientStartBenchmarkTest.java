package io.gizmoedge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientStartBenchmarkTest {
    private static final ClientStartBenchmark.Options OPTIONS =
            new ClientStartBenchmark.Options(Path.of("b"), Path.of("/repo/bin/gizmo-edge"), 0.01, 3, "SELECT 1");

    @Test
    void theStatementRunsThroughTheLauncherAgainstTheLocalServer() {
        assertThat(new ClientStartBenchmark(OPTIONS).statementCommand(4321, Path.of("/d/tls/server.crt")))
                .containsExactly("/repo/bin/gizmo-edge", "client", "--server-hostname", "localhost", "--server-port", "4321",
                        "--tls-roots", "/d/tls/server.crt", "--username", "scott", "--password", "tiger", "-c", "SELECT 1");
    }

    @Test
    void theTableShowsMedianP90FastestAndCpu() {
        ClientStartBenchmark.Result result = new ClientStartBenchmark.Result(OPTIONS,
                new ClientStartBenchmark.Runs(List.of(0.5, 0.4, 0.6), List.of(0.7, 0.8, 0.9)),
                new ClientStartBenchmark.Runs(List.of(0.1, 0.2, 0.3), List.of()));
        assertThat(ClientStartBenchmark.markdown(result))
                .contains("| `bin/gizmo-edge client ... -c 'SELECT 1'` | 0.500 | 0.600 | 0.400 | 0.80 |")
                .contains("| `bin/gizmo-edge --version` | 0.200 | 0.300 | 0.100 | n/a |");
    }

    @Test
    void runsMustBePositive() {
        assertThatThrownBy(() -> new ClientStartBenchmark.Options(Path.of("b"), Path.of("l"), 0.01, 0, "SELECT 1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
