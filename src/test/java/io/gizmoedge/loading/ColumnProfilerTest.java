package io.gizmoedge.loading;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.ColumnStatistics;
import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbSettings;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Statistics of loaded rows, and of rows added to a table that has some. */
class ColumnProfilerTest {
    private static final List<ColumnDefinition> COLUMNS = List.of(new ColumnDefinition("id", "BIGINT"),
            new ColumnDefinition("name", "VARCHAR"), new ColumnDefinition("day", "DATE"),
            new ColumnDefinition("tags", "VARCHAR[]"));

    private final ColumnProfiler profiler = new ColumnProfiler();
    private DuckDBConnection connection;

    @BeforeEach
    void open() throws Exception {
        connection = DuckDbDatabases.openInMemory(DuckDbSettings.DEFAULT);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE first AS SELECT i AS id, 'name ' || (i % 10) AS name,"
                    + " DATE '2024-01-01' + CAST(i % 100 AS INTEGER) AS day, [CAST(i % 3 AS VARCHAR)] AS tags"
                    + " FROM range(1, 1001) t(i)");
            statement.execute("INSERT INTO first VALUES (NULL, NULL, NULL, NULL)");
            // new keys beyond the first load's; names and days it had already
            statement.execute("CREATE TABLE later AS SELECT i AS id, 'name ' || (i % 10) AS name,"
                    + " DATE '2024-01-01' + CAST(i % 100 AS INTEGER) AS day, [] AS tags FROM range(1001, 2001) t(i)");
        }
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    @Test
    void measuresDistinctValuesNullsAndTheRangeOfOrderedColumns() {
        List<ColumnDefinition> measured = profiler.measure(connection, "first", COLUMNS);

        assertThat(measured).extracting(ColumnDefinition::name).containsExactly("id", "name", "day", "tags");
        ColumnStatistics id = measured.get(0).statistics();
        assertThat(id.distinctValues()).isBetween(950L, 1050L); // approximate
        assertThat(id.nullValues()).isEqualTo(1);
        assertThat(id.min()).isEqualTo("1");
        assertThat(id.max()).isEqualTo("1000");
        assertThat(measured.get(1).statistics().distinctValues()).isEqualTo(10);
        assertThat(measured.get(1).statistics().min()).isNull(); // text: no range kept
        assertThat(measured.get(2).statistics().min()).isEqualTo("2024-01-01");
        assertThat(measured.get(2).statistics().max()).isEqualTo("2024-04-09");
        assertThat(measured.get(3).statistics().distinctValues()).isEqualTo(3);
    }

    @Test
    void addedRowsAddDistinctValuesOnlyWhereTheRangesDoNotOverlap() {
        List<ColumnDefinition> before = profiler.measure(connection, "first", COLUMNS);

        List<ColumnDefinition> after = profiler.measure(connection, "later", before);

        ColumnStatistics id = after.get(0).statistics();
        assertThat(id.distinctValues()).isBetween(1900L, 2100L);
        assertThat(id.nullValues()).isEqualTo(1);
        assertThat(id.min()).isEqualTo("1");
        assertThat(id.max()).isEqualTo("2000");
        assertThat(after.get(1).statistics().distinctValues()).isEqualTo(10);
        assertThat(after.get(2).statistics().distinctValues()).isBetween(95L, 105L);
        assertThat(after.get(2).statistics().max()).isEqualTo("2024-04-09");
    }

    @Test
    void columnsDuckDbCannotMeasureStayUnmeasured() {
        List<ColumnDefinition> missing = List.of(new ColumnDefinition("no_such_column", "BIGINT"));

        assertThat(profiler.measure(connection, "first", missing)).isEqualTo(missing);
    }
}
