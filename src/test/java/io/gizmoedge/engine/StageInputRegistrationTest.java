package io.gizmoedge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stage input registered on a DuckDB connection, small (appended row by row) or large (read as
 * an Arrow stream), gives the same table as reading it as an Arrow stream, with the rows of the
 * query that produced it, NULLs and edge values of every type; no Arrow memory leaks.
 */
class StageInputRegistrationTest {
    private static final String EDGE_VALUES = """
            SELECT * FROM (VALUES
              (1::TINYINT, 2::SMALLINT, 3::INTEGER, 4::BIGINT, 1.5::FLOAT, -0.0::DOUBLE,
               CAST('-12345.6789' AS DECIMAL(38,4)), CAST('99.99' AS DECIMAL(15,2)), 'it''s ünïcode', TRUE,
               DATE '1992-01-01', CAST(99999999999999999999999999999999999999 AS HUGEINT), INTERVAL 3 DAY),
              (NULL, NULL, NULL, NULL, NULL, 'NaN'::DOUBLE, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
              ((-128)::TINYINT, (-32768)::SMALLINT, (-2147483648)::INTEGER, (-9223372036854775808)::BIGINT,
               'inf'::FLOAT, 1.7976931348623157e308::DOUBLE, CAST('0.0001' AS DECIMAL(38,4)),
               CAST('-0.01' AS DECIMAL(15,2)), '', FALSE, DATE '9999-12-31', -1::HUGEINT, INTERVAL 0 DAY))
              AS t(ti, si, i, bi, f, d, dec38, dec15, s, b, dt, h, iv)""";

    @ParameterizedTest(name = "{0} rows")
    @ValueSource(ints = {0, 3, 500, 20_000})
    void registeredTableEqualsItsSource(int repeats) throws Exception {
        // repeats = 0: the edge values once; otherwise the edge values and that many generated rows
        String source = repeats == 0 ? EDGE_VALUES
                : EDGE_VALUES + " UNION ALL SELECT (range % 100)::TINYINT, range::SMALLINT % 30000, range::INTEGER,"
                        + " range * 7, range / 3.0, range / 7.0, CAST(range / 9 AS DECIMAL(38,4)),"
                        + " CAST(range / 11 AS DECIMAL(15,2)), 'row ' || range, range % 2 = 0,"
                        + " DATE '2000-01-01' + range::INTEGER, range::HUGEINT, INTERVAL (range) SECOND"
                        + " FROM range(" + repeats + ")";
        for (String columns : List.of("ti, si, i, bi, f, d, dec38, dec15, s, b, dt, h", "*")) {
            String query = "SELECT " + columns + " FROM (" + source + ")";
            withResultOf(query, (runner, payloads, stage) -> {
                    runner.register(stage, new ArrowTable("input_1", payloads));
                    runner.registerStream(stage, new ArrowTable("streamed_1", payloads));
                    assertThat(types(stage, "SELECT * FROM input_1")).isEqualTo(types(stage, "SELECT * FROM streamed_1"));
                    assertThat(count(stage, "SELECT * FROM input_1 EXCEPT ALL SELECT * FROM streamed_1")).isZero();
                    assertThat(count(stage, "SELECT * FROM streamed_1 EXCEPT ALL SELECT * FROM input_1")).isZero();
                    assertThat(count(stage, "SELECT * FROM input_1")).isEqualTo(count(stage, query));
                    assertThat(count(stage, "SELECT * FROM input_1 WHERE s IS NULL")).isEqualTo(1);
                    boolean appendable = columns.startsWith("ti") && repeats <= 500;
                    assertThat(count(stage, "SELECT * FROM duckdb_views() WHERE view_name = 'input_1_arrow_stream'"))
                            .as("read as a stream").isEqualTo(appendable ? 0 : 1);
            });
        }
    }

    @org.junit.jupiter.api.Test
    void valueTheAppenderRefusesIsReadAsAStream() throws Exception {
        String query = "SELECT CAST(170141183460469231731687303715884105727 AS HUGEINT) AS h, 1 AS n";
        withResultOf(query, (runner, payloads, stage) -> {
            runner.register(stage, new ArrowTable("input_1", payloads));
            assertThat(count(stage, "SELECT * FROM input_1 WHERE h::VARCHAR = '170141183460469231731687303715884105727'"))
                    .isEqualTo(1);
        });
    }

    /** What a test checks on a stage connection, given the payloads of a query's result. */
    @FunctionalInterface
    private interface StageCheck {
        void check(DuckDbQueryRunner runner, List<byte[]> payloads, DuckDBConnection stage) throws Exception;
    }

    /** Runs {@code query} into payloads, hands them to {@code check} with a fresh connection; no leak after. */
    private static void withResultOf(String query, StageCheck check) throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                DuckDBConnection connection = DuckDbDatabases.openInMemory(DuckDbSettings.DEFAULT)) {
            DuckDbQueryRunner runner = new DuckDbQueryRunner(allocator, 16 * 1024 * 1024);
            List<byte[]> payloads = new ArrayList<>();
            runner.run(connection, query, List.of(), payloads::add);
            try (DuckDBConnection stage = connection.duplicate()) {
                check.check(runner, payloads, stage);
            }
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }

    private static List<String> types(DuckDBConnection connection, String query) throws SQLException {
        List<String> types = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("DESCRIBE " + query)) {
            while (rows.next()) {
                types.add(rows.getString("column_name") + " " + rows.getString("column_type"));
            }
        }
        return types;
    }

    private static long count(DuckDBConnection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM (" + query + ")")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
