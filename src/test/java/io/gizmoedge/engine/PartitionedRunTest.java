package io.gizmoedge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

/**
 * A run divided by {@link HashPartitioning} on real DuckDB: every row lands in exactly one part, the
 * part its key hashes to (so equal keys, NULL included, meet), every part gets at least its schema,
 * and no Arrow memory leaks.
 */
class PartitionedRunTest {
    private static final String ROWS = "SELECT range AS id, CASE WHEN range % 10 = 0 THEN NULL ELSE range % 7 END AS k"
            + " FROM range(100000)";

    @Test
    void everyRowLandsInThePartItsKeyHashesTo() throws Exception {
        HashPartitioning partitioning = new HashPartitioning(List.of("\"k\""), 3);
        try (BufferAllocator allocator = new RootAllocator();
                DuckDBConnection connection = DuckDbDatabases.openInMemory(DuckDbSettings.DEFAULT);
                DuckDBConnection check = (DuckDBConnection) connection.duplicate()) {
            DuckDbQueryRunner runner = new DuckDbQueryRunner(allocator, 16 * 1024 * 1024);
            List<List<byte[]>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            long rows = runner.runPartitioned(connection, ROWS, List.of(), partitioning,
                    (part, payload) -> parts.get(part).add(payload), new Cancellation());

            assertThat(rows).isEqualTo(100_000);
            for (int part = 0; part < 3; part++) {
                assertThat(parts.get(part)).as("part %d has at least its schema", part).isNotEmpty();
                runner.register(check, new ArrowTable("part_" + part, parts.get(part)));
                assertThat(count(check, "SELECT count(*) FROM part_" + part + " WHERE hash(k) % 3 <> " + part))
                        .as("rows of part %d that hash elsewhere", part).isZero();
            }
            assertThat(count(check, "SELECT count(*) FROM (SELECT * FROM part_0 UNION ALL SELECT * FROM part_1"
                    + " UNION ALL SELECT * FROM part_2 EXCEPT ALL " + ROWS + ")")).as("rows no part holds or two hold")
                    .isZero();
            assertThat(count(check, "SELECT count(*) FROM part_0") + count(check, "SELECT count(*) FROM part_1")
                    + count(check, "SELECT count(*) FROM part_2")).isEqualTo(100_000);
        }
    }

    @Test
    void anEmptyResultStillGivesEveryPartItsSchema() throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                DuckDBConnection connection = DuckDbDatabases.openInMemory(DuckDbSettings.DEFAULT)) {
            DuckDbQueryRunner runner = new DuckDbQueryRunner(allocator, 16 * 1024 * 1024);
            List<Integer> partsSent = new ArrayList<>();
            long rows = runner.runPartitioned(connection, ROWS + " WHERE range < 0", List.of(),
                    new HashPartitioning(List.of("\"id\"", "\"k\""), 2), (part, payload) -> partsSent.add(part),
                    new Cancellation());
            assertThat(rows).isZero();
            assertThat(partsSent).containsExactly(0, 1);
        }
    }

    @Test
    void selectPartWritesTheHashOfTheKeys() {
        assertThat(new HashPartitioning(List.of("CAST(\"x0\" AS BIGINT)", "\"x1\""), 3).selectPart("moved", 1))
                .isEqualTo("SELECT * FROM \"moved\" WHERE hash(CAST(\"x0\" AS BIGINT), \"x1\") % 3 = 1");
    }

    private static long count(DuckDBConnection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
