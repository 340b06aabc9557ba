package io.gizmoedge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.sql.Statement;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

/** Arrow frames through real DuckDB: split to the size limit, reassembled, registered as a table; no leaks. */
class ArrowFramesTest {

    @Test
    void largeResultIsSplitIntoBoundedFramesAndReadBackWhole() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                DuckDBConnection connection = DuckDbDatabases.openInMemory(DuckDbSettings.DEFAULT)) {
            DuckDbQueryRunner runner = new DuckDbQueryRunner(allocator, 64 * 1024);
            long rows = runner.run(connection,
                    "SELECT range AS id, 'text ' || range AS label, range * 0.5 AS half FROM range(50000)",
                    List.of(), payloads::add);
            assertThat(rows).isEqualTo(50_000);
            assertThat(payloads.size()).isGreaterThan(5);
            assertThat(payloads).allSatisfy(p -> assertThat(p.length).isLessThanOrEqualTo(64 * 1024));

            long decodedRows = 0;
            for (byte[] payload : payloads) {
                try (VectorSchemaRoot root = ArrowFrameDecoder.decode(payload, allocator)) {
                    decodedRows += root.getRowCount();
                }
            }
            assertThat(decodedRows).isEqualTo(50_000);

            try (DuckDBConnection other = connection.duplicate()) {
                List<byte[]> sums = new ArrayList<>();
                runner.run(other, "SELECT count(*), sum(id), count(DISTINCT b.label) FROM gizmo_stage_1 a JOIN gizmo_stage_1 b USING (id)",
                        List.of(new ArrowTable("gizmo_stage_1", payloads)), sums::add);
                try (VectorSchemaRoot root = ArrowFrameDecoder.decode(sums.get(0), allocator)) {
                    assertThat(root.getVector(0).getObject(0)).isEqualTo(50_000L);
                    assertThat(root.getVector(1).getObject(0).toString()).isEqualTo("1249975000");
                }
            }
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }

    @Test
    void emptyResultStillCarriesItsSchema() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                DuckDBConnection connection = DuckDbDatabases.openInMemory(DuckDbSettings.DEFAULT)) {
            new DuckDbQueryRunner(allocator, 1024 * 1024).run(connection,
                    "SELECT 1 AS a, 'x' AS b WHERE false", List.of(), payloads::add);
            assertThat(payloads).hasSize(1);
            try (VectorSchemaRoot root = ArrowFrameDecoder.decode(payloads.get(0), allocator)) {
                assertThat(root.getRowCount()).isZero();
                assertThat(root.getSchema().getFields()).extracting(f -> f.getName()).containsExactly("a", "b");
            }
        }
    }

    @Test
    void lockedDownDatabaseRefusesFileAccessAndSettings() throws Exception {
        try (DuckDBConnection connection = DuckDbDatabases.openInMemory(DuckDbSettings.DEFAULT)) {
            DuckDbDatabases.lockDown(connection);
            for (String sql : List.of("SELECT * FROM read_csv('/etc/passwd')", "SET threads = 1",
                    "COPY (SELECT 1) TO '/tmp/gizmo-edge-should-not-exist.csv'", "ATTACH '/tmp/x.duckdb' AS x")) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                    throw new AssertionError("allowed: " + sql);
                } catch (java.sql.SQLException expected) {
                    assertThat(expected.getMessage()).containsAnyOf("disabled by configuration", "locked", "Permission");
                }
            }
        }
    }
}
