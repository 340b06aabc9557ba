package io.gizmoedge.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbQueryRunner;
import io.gizmoedge.engine.DuckDbSettings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stage's inputs on real DuckDB: held in memory up to the bound, then every table goes into
 * temporary tables of the stage's connection, and the stage reads the same rows either way.
 */
class ReceivedInputsTest {
    /** Rows of one input in small batches, so that it arrives as several payloads. */
    private static final String ROWS = "SELECT range AS id, 'row ' || range AS label, range * 0.5 AS half FROM range(30000)";

    private BufferAllocator allocator;
    private DuckDBConnection database;
    private DuckDbQueryRunner runner;
    private final AtomicInteger opened = new AtomicInteger();

    @BeforeEach
    void openDatabase() throws SQLException {
        allocator = new RootAllocator();
        database = DuckDbDatabases.openInMemory(DuckDbSettings.DEFAULT);
        runner = new DuckDbQueryRunner(allocator, 64 * 1024);
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        database.close();
        allocator.close(); // fails on leaked Arrow memory
    }

    @Test
    void inputsWithinTheBoundAreHeldAndRegisteredWhenTheStageRuns() throws Exception {
        List<byte[]> payloads = payloads(ROWS);
        try (ReceivedInputs inputs = new ReceivedInputs(Long.MAX_VALUE, this::open, runner)) {
            payloads.forEach(payload -> inputs.add("moved", payload));

            assertThat(inputs.isStored("moved")).isFalse();
            assertThat(inputs.held("moved").orElseThrow().payloads()).hasSameSizeAs(payloads);
            assertThat(opened).as("no connection until the stage runs").hasValue(0);
        }
    }

    @Test
    void inputsPastTheBoundGoIntoDuckDbAndTheStageReadsEveryRowOnTheirConnection() throws Exception {
        List<byte[]> moved = payloads(ROWS);
        assertThat(moved).as("the input arrives in several payloads").hasSizeGreaterThan(3);
        List<byte[]> small = payloads("SELECT 7 AS seven");
        long bound = moved.get(0).length + moved.get(1).length;
        try (ReceivedInputs inputs = new ReceivedInputs(bound, this::open, runner)) {
            inputs.add("small", small.get(0));
            moved.forEach(payload -> inputs.add("moved", payload));

            assertThat(inputs.failure()).isEmpty();
            assertThat(inputs.isStored("moved")).isTrue();
            assertThat(inputs.isStored("small")).as("what was held goes into DuckDB too").isTrue();
            assertThat(inputs.held("moved")).isEmpty();
            assertThat(opened).hasValue(1);
            try (DuckDBConnection stage = inputs.connectionForStage(); Statement statement = stage.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*), sum(id), count(DISTINCT label),"
                            + " sum(half), typeof(any_value(half)), (SELECT seven FROM small) FROM moved")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(30_000);
                assertThat(rows.getLong(2)).isEqualTo(30_000L * 29_999 / 2);
                assertThat(rows.getLong(3)).isEqualTo(30_000);
                assertThat(rows.getBigDecimal(4)).isEqualByComparingTo("224992500.0");
                assertThat(rows.getString(5)).as("the type the producing query gave").isEqualTo(typeOfHalf());
                assertThat(rows.getInt(6)).isEqualTo(7);
            }
        }
    }

    @Test
    void rowsThatCannotBeStoredFailTheStageAndTheRestAreDropped() throws Exception {
        List<byte[]> moved = payloads(ROWS);
        List<byte[]> other = payloads("SELECT 'x' AS a, 'y' AS b");
        try (ReceivedInputs inputs = new ReceivedInputs(0, this::open, runner)) {
            inputs.add("moved", moved.get(0));
            inputs.add("moved", other.get(0)); // a payload of another shape for the same table
            inputs.add("moved", moved.get(1));

            assertThat(inputs.failure()).hasValueSatisfying(failure ->
                    assertThat(failure).startsWith("storing the rows the stage reads failed: "));
        }
    }

    private List<byte[]> payloads(String query) throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        try (DuckDBConnection connection = (DuckDBConnection) database.duplicate()) {
            runner.run(connection, query, List.of(), payloads::add);
        }
        return payloads;
    }

    private String typeOfHalf() throws SQLException {
        try (DuckDBConnection connection = (DuckDBConnection) database.duplicate(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT typeof(half) FROM (" + ROWS + ") LIMIT 1")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private DuckDBConnection open() throws SQLException {
        opened.incrementAndGet();
        return (DuckDBConnection) database.duplicate();
    }
}
