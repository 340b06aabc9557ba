package io.gizmoedge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gizmoedge.server.ServerConfig;
import io.gizmoedge.planner.PlannerSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerCommandTest {

    @Test
    void theServersDuckDbGetsFortyPercentOfTheMachineAndSpillsNextToItsDatabase() {
        assumeTrue(System.getenv("DUCKDB_MEMORY_LIMIT") == null, "DUCKDB_MEMORY_LIMIT is set in this environment");
        ServerConfig config = parse("--database-file", "somewhere/else/server.duckdb");
        assertThat(config.duckDb().memoryLimit()).contains("40%");
        assertThat(config.duckDb().temporaryDirectory()).contains(Path.of("somewhere/else/tmp").toAbsolutePath());
    }

    @Test
    void theMemoryLimitOptionIsPassedOn() {
        assertThat(parse("--duckdb-memory-limit", "3GB").duckDb().memoryLimit()).contains("3GB");
    }

    @Test
    void theQueryLogIsOffUnlessNamed() {
        assumeTrue(System.getenv("QUERY_LOG") == null, "QUERY_LOG is set in this environment");
        assertThat(parse().queryLog()).isEmpty();
        assertThat(parse("--query-log", "logs/queries.jsonl").queryLog()).contains(Path.of("logs/queries.jsonl"));
    }

    @Test
    void thePlannerThresholdsArePassedOn() {
        assertThat(parse().planner()).isEqualTo(PlannerSettings.DEFAULT);
        assertThat(parse("--aggregate-repartition-groups", "250000", "--join-broadcast-rows", "10").planner())
                .isEqualTo(new PlannerSettings(250_000, 10));
    }

    @Test
    void theMemoryBoundsForMovedRowsDefaultToShareOfTheHeapAndArePassedOn() {
        assumeTrue(System.getenv("MAX_QUERY_MEMORY") == null && System.getenv("MAX_TOTAL_QUERY_MEMORY") == null,
                "a bound is set in this environment");
        assertThat(parse().maxQueryMemoryBytes()).isEqualTo(ServerConfig.defaultMaxQueryMemoryBytes());
        assertThat(parse().maxTotalQueryMemoryBytes()).isEqualTo(ServerConfig.defaultMaxTotalQueryMemoryBytes());
        ServerConfig config = parse("--max-query-memory", "1000", "--max-total-query-memory", "5000");
        assertThat(config.maxQueryMemoryBytes()).isEqualTo(1000);
        assertThat(config.maxTotalQueryMemoryBytes()).isEqualTo(5000);
        assertThatThrownBy(() -> parse("--max-total-query-memory", "-1")).hasMessage(
                "--max-total-query-memory must be 0 (half of the heap) or more bytes, got -1");
    }

    private static ServerConfig parse(String... arguments) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(arguments);
        return command.config();
    }
}
