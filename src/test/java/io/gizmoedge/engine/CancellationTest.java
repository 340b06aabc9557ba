package io.gizmoedge.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

class CancellationTest {
    @Test
    void cancellingRunsEveryRegisteredActionOnceWithTheFirstReason() {
        Cancellation cancellation = new Cancellation();
        List<String> stopped = new ArrayList<>();
        cancellation.onCancel(() -> stopped.add("a"));
        Cancellation.Registration ended = cancellation.onCancel(() -> stopped.add("b"));
        ended.close(); // that part finished before the cancellation
        assertThat(cancellation.cancel("query timed out after 3 s")).isTrue();
        assertThat(cancellation.cancel("query cancelled")).isFalse();
        assertThat(stopped).containsExactly("a");
        assertThat(cancellation.reason()).contains("query timed out after 3 s");
        cancellation.onCancel(() -> stopped.add("late"));
        assertThat(stopped).as("a part registered after the cancellation stops at once").containsExactly("a", "late");
    }

    @Test
    void aCancelledDuckDbQueryStopsWithTheReason() throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            DuckDbQueryRunner runner = new DuckDbQueryRunner(allocator, 1024 * 1024);
            Cancellation cancellation = new Cancellation();
            CompletableFuture<Void> stopper = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                cancellation.cancel("query cancelled");
            });
            assertThatThrownBy(() -> runner.run(connection, "SELECT count(*) FROM generate_series(1, 1000000000000)",
                    List.of(), payload -> { }, cancellation))
                    .isInstanceOf(WorkCancelledException.class).hasMessage("query cancelled");
            stopper.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> runner.run(connection, "SELECT 1", List.of(), payload -> { }, cancellation))
                    .as("work that starts after the cancellation does not run").isInstanceOf(WorkCancelledException.class);
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }
}
