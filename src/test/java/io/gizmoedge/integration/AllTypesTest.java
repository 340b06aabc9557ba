package io.gizmoedge.integration;

import static io.gizmoedge.integration.EmptyCatalogCluster.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.demo.Answer;
import io.gizmoedge.demo.AnswerComparison;
import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.QueryOptions;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every type DuckDB and Arrow share, loaded from a Parquet file into a distributed table, answers
 * exactly as single-node DuckDB does over the same file: {@code SELECT *}, and per column a
 * distributed GROUP BY, min, max and count(DISTINCT). The workers run in other time zones than the
 * server's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllTypesTest {
    private static final int ROWS = 3000;
    /** Column name → (DuckDB type, value for row i; NULL on every 13th row). */
    private static final Map<String, String[]> COLUMNS = columns();
    /** The time zones of the workers' machines (the server's and the test's are this machine's). */
    private static final List<String> WORKER_TIME_ZONES = List.of("Asia/Tokyo", "America/Los_Angeles");

    private EmptyCatalogCluster cluster;
    private QueryExecutor admin;
    private DuckDBConnection singleNode;
    private final BufferAllocator allocator = new RootAllocator();

    private static Map<String, String[]> columns() {
        Map<String, String[]> columns = new LinkedHashMap<>();
        columns.put("c_boolean", new String[] {"BOOLEAN", "i % 3 = 0"});
        columns.put("c_tinyint", new String[] {"TINYINT", "(i % 256 - 128)::TINYINT"});
        columns.put("c_smallint", new String[] {"SMALLINT", "(i * 37 % 65536 - 32768)::SMALLINT"});
        columns.put("c_integer", new String[] {"INTEGER", "(i * 104729 % 4294967296 - 2147483648)::INTEGER"});
        columns.put("c_bigint", new String[] {"BIGINT", "CASE WHEN i = 1 THEN 9223372036854775807 WHEN i = 2 THEN -9223372036854775808"
                + " ELSE i * 982451653 END::BIGINT"});
        columns.put("c_hugeint", new String[] {"HUGEINT", "(i::HUGEINT - 1500) * 56713727820156410577229101238628035"});
        columns.put("c_utinyint", new String[] {"UTINYINT", "(i % 256)::UTINYINT"});
        columns.put("c_usmallint", new String[] {"USMALLINT", "(i * 31 % 65536)::USMALLINT"});
        columns.put("c_uinteger", new String[] {"UINTEGER", "(i * 1299709 % 4294967296)::UINTEGER"});
        columns.put("c_ubigint", new String[] {"UBIGINT", "CASE WHEN i = 3 THEN 18446744073709551615 ELSE i * 7919 END::UBIGINT"});
        columns.put("c_decimal_4_1", new String[] {"DECIMAL(4,1)", "(i % 1999 - 999) / 10"});
        columns.put("c_decimal_18_6", new String[] {"DECIMAL(18,6)", "i * 1234.567891"});
        columns.put("c_decimal_38_10", new String[] {"DECIMAL(38,10)", "(CASE WHEN i % 2 = 0 THEN '-' ELSE '' END || '1234567890123456' || lpad((i * 7)::VARCHAR, 12, '0')"
                + " || '.' || lpad((i * 130223)::VARCHAR, 10, '0'))::DECIMAL(38,10)"});
        columns.put("c_float", new String[] {"FLOAT", "(i / 7)::FLOAT"});
        columns.put("c_double", new String[] {"DOUBLE", "CASE WHEN i = 4 THEN 'NaN'::DOUBLE WHEN i = 5 THEN 'Infinity'::DOUBLE"
                + " ELSE i / 3 END"});
        columns.put("c_date", new String[] {"DATE", "DATE '1970-01-01' + (i * 17 % 40000 - 20000)::INTEGER"});
        columns.put("c_time", new String[] {"TIME", "TIME '00:00:00' + INTERVAL (i * 28.123) SECOND"});
        columns.put("c_timestamp", new String[] {"TIMESTAMP", "TIMESTAMP '2000-01-01' + INTERVAL (i * 3607123) MICROSECOND"});
        columns.put("c_timestamp_s", new String[] {"TIMESTAMP_S", "(TIMESTAMP '1990-01-01' + INTERVAL (i * 86399) SECOND)::TIMESTAMP_S"});
        columns.put("c_timestamp_ms", new String[] {"TIMESTAMP_MS", "(TIMESTAMP '2020-02-29' + INTERVAL (i * 1001) MILLISECOND)::TIMESTAMP_MS"});
        columns.put("c_timestamp_ns", new String[] {"TIMESTAMP_NS", "(TIMESTAMP '2024-06-01' + INTERVAL (i * 7) MICROSECOND)::TIMESTAMP_NS"});
        columns.put("c_timestamptz", new String[] {"TIMESTAMPTZ", "(TIMESTAMP '2010-03-28' + INTERVAL (i * 60) MINUTE)::TIMESTAMPTZ"});
        columns.put("c_interval", new String[] {"INTERVAL", "INTERVAL (i % 14) MONTH + INTERVAL (i % 40) DAY + INTERVAL (i * 1000003) MICROSECOND"});
        columns.put("c_varchar", new String[] {"VARCHAR", "CASE WHEN i % 5 = 0 THEN '' ELSE 'värde ' || (i % 211) || ' ✓' END"});
        columns.put("c_blob", new String[] {"BLOB", "('\\x00\\xFF' || (i % 97)::VARCHAR)::BLOB"});
        columns.put("c_uuid", new String[] {"UUID", "md5(i::VARCHAR)::UUID"});
        columns.put("c_enum", new String[] {"ENUM('low', 'mid', 'high')", "['low', 'mid', 'high'][i % 3 + 1]"});
        columns.put("c_list", new String[] {"INTEGER[]", "CASE WHEN i % 7 = 0 THEN [] ELSE [i % 5, NULL, i % 11] END"});
        columns.put("c_struct", new String[] {"STRUCT(a INTEGER, b VARCHAR)", "{'a': i % 9, 'b': 'x' || (i % 4)}"});
        columns.put("c_map", new String[] {"MAP(VARCHAR, INTEGER)", "MAP {'k' || (i % 3): i % 10}"});
        return columns;
    }

    @BeforeAll
    void load() throws Exception {
        cluster = EmptyCatalogCluster.start("all-types", 4, 0, (imports, duckdb) -> {
            createTable(duckdb);
            duckdb.execute("INSERT INTO all_types SELECT " + generators() + " FROM range(" + ROWS + ") t(i)");
            duckdb.execute("COPY all_types TO '" + imports.toAbsolutePath().resolve("all_types.parquet") + "'");
        });
        // workers on machines in other time zones than the server's, whose DuckDB follows the machine's
        for (String zone : WORKER_TIME_ZONES) {
            cluster.processes().startWorker(Map.of("TZ", zone));
        }
        singleNode = DuckDbDatabases.openInMemory(DuckDbSettings.DEFAULT);
        try (Statement duckdb = singleNode.createStatement()) {
            createTable(duckdb);
            duckdb.execute("INSERT INTO all_types SELECT * FROM read_parquet('"
                    + cluster.imports().toAbsolutePath().resolve("all_types.parquet") + "')");
        }
        admin = cluster.connectAdmin();
        run(admin, "CREATE TABLE all_types (" + definitions() + ") DISTRIBUTED BY (id)");
        run(admin, "INSERT INTO all_types SELECT * FROM read_parquet('all_types.parquet')");
        cluster.processes().awaitReady(EmptyCatalogCluster.ADMIN, EmptyCatalogCluster.ADMIN_PASSWORD, 2,
                Duration.ofMinutes(2), "SELECT count(*) FROM all_types").close();
    }

    @AfterAll
    void stop() throws SQLException {
        if (admin != null) {
            admin.close();
        }
        if (singleNode != null) {
            singleNode.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        allocator.close();
    }

    @Test
    void everyTypeRoundTripsThroughSelectStar() throws Exception {
        assertThat(difference("SELECT * FROM all_types ORDER BY id", false)).isEmpty();
        assertThat(difference("SELECT * FROM all_types WHERE id < 0", false)).as("no rows").isEmpty();
    }

    @Test
    void everyTypeGroupsAndAggregatesExactlyOnTheWorkers() throws Exception {
        List<String> differences = new ArrayList<>();
        for (String column : COLUMNS.keySet()) {
            String type = COLUMNS.get(column)[0];
            List<String> queries = new ArrayList<>();
            queries.add("SELECT " + column + ", count(*) AS n, sum(id) AS ids FROM all_types GROUP BY " + column);
            queries.add("SELECT count(DISTINCT " + column + ") AS distinct_values, count(" + column + ") AS present FROM all_types");
            if (!type.equals("MAP(VARCHAR, INTEGER)")) {
                queries.add("SELECT min(" + column + ") AS low, max(" + column + ") AS high FROM all_types");
            }
            for (String sql : queries) {
                difference(sql, true).ifPresent(differences::add);
            }
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void timestampsWithTimeZoneAreComputedInOneZoneWhereverTheWorkersAre() throws Exception {
        List<String> differences = new ArrayList<>();
        for (String sql : List.of(
                "SELECT CAST(c_timestamptz AS DATE) AS day, count(*) AS n FROM all_types GROUP BY day",
                "SELECT extract(hour FROM c_timestamptz) AS hour, count(*) AS n FROM all_types GROUP BY hour",
                "SELECT id, CAST(c_timestamptz AS VARCHAR) AS text, CAST(c_timestamptz AS TIMESTAMP) AS local FROM all_types",
                "SELECT count(*) AS n FROM all_types WHERE c_timestamptz < TIMESTAMP '2010-03-29 12:00:00'")) {
            difference(sql, true).ifPresent(differences::add);
        }
        assertThat(differences).isEmpty();
    }

    /** How the cluster's answer differs from single-node DuckDB's, and whether it ran distributed when required. */
    private Optional<String> difference(String sql, boolean mustDistribute) throws Exception {
        Answer actual;
        ExecutionLocation location;
        try (QueryResult result = admin.execute(sql, QueryOptions.DEFAULT)) {
            actual = Answer.of(result.schema().getFields(), result.batches());
            location = result.summary().location();
            if (mustDistribute && location != ExecutionLocation.DISTRIBUTED) {
                return Optional.of(sql + ": " + result.summary().describe());
            }
        } catch (QueryFailedException e) {
            return Optional.of(sql + ": failed: " + e.getMessage());
        }
        Answer expected = Answer.query(singleNode, sql, allocator);
        return AnswerComparison.difference(expected, actual, AnswerComparison.isOrdered(sql)).map(d -> sql + ": " + d);
    }

    private static void createTable(Statement duckdb) throws SQLException {
        duckdb.execute("CREATE TABLE all_types (" + definitions() + ")");
    }

    private static String definitions() {
        StringBuilder definitions = new StringBuilder("id INTEGER");
        COLUMNS.forEach((name, column) -> definitions.append(", ").append(name).append(' ').append(column[0]));
        return definitions.toString();
    }

    private static String generators() {
        StringBuilder values = new StringBuilder("i::INTEGER");
        COLUMNS.forEach((name, column) -> values.append(", CASE WHEN i % 13 = 0 THEN NULL ELSE ").append(column[1])
                .append(" END"));
        return values.toString();
    }
}
