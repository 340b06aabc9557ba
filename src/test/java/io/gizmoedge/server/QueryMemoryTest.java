package io.gizmoedge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryMemoryTest {
    @Test
    void aRunIsBoundedByItsOwnLimit() throws Exception {
        QueryMemory pool = QueryMemory.serverPool(1000);
        try (QueryMemory run = pool.newRun(100)) {
            run.reserve(100);
            assertThatThrownBy(() -> run.reserve(1)).isInstanceOf(QueryMemory.Exceeded.class)
                    .hasMessage("the rows this query moves between its stages need more than 100 bytes of the server's"
                            + " memory (--max-query-memory)");
            assertThat(pool.heldBytes()).as("the refused byte is not counted").isEqualTo(100);
        }
    }

    @Test
    void runsTogetherAreBoundedByThePoolAndAFinishedRunGivesItsShareBack() throws Exception {
        QueryMemory pool = QueryMemory.serverPool(3 * 1024 * 1024);
        QueryMemory first = pool.newRun(2 * 1024 * 1024);
        first.reserve(2 * 1024 * 1024);
        try (QueryMemory second = pool.newRun(2 * 1024 * 1024)) {
            second.reserve(1024 * 1024);
            assertThatThrownBy(() -> second.reserve(1)).isInstanceOf(QueryMemory.Exceeded.class)
                    .hasMessage("the queries running now together need more than 3 MiB of the server's memory for the rows"
                            + " they move between their stages (--max-total-query-memory)");
            assertThat(second.heldBytes()).as("what the pool refused is not counted by the run").isEqualTo(1024 * 1024);

            first.close();
            second.reserve(1024 * 1024);
            assertThat(pool.heldBytes()).isEqualTo(2 * 1024 * 1024);
        }
        assertThat(pool.heldBytes()).isZero();
    }

    @Test
    void releasedBytesAreFreeAgain() throws Exception {
        QueryMemory pool = QueryMemory.serverPool(10);
        try (QueryMemory run = pool.newRun(10)) {
            run.reserve(10);
            run.release(4);
            run.reserve(4);
            assertThat(pool.heldBytes()).isEqualTo(10);
        }
    }
}
