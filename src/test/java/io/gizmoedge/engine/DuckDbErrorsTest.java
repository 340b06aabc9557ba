package io.gizmoedge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbErrorsTest {

    @Test
    void aCsvErrorSaysWhatWasWrongWithTheLine(@TempDir Path directory) throws Exception {
        Path csv = Files.writeString(directory.resolve("bad.csv"), "a\n1\nnot a number\n");
        SQLException error = duckDbError("SELECT * FROM read_csv('" + csv + "', header = true, columns = {'a': 'INTEGER'})");
        assertThat(DuckDbErrors.oneLine(error)).startsWith("Conversion Error: CSV Error on Line: 3: ")
                .contains("Could not convert string \"not a number\" to 'INTEGER'").doesNotContain("\n");
    }

    @Test
    void otherErrorsKeepTheirFirstLine() throws Exception {
        SQLException error = duckDbError("SELECT nope FROM range(3)");
        assertThat(DuckDbErrors.oneLine(error)).startsWith("Binder Error: Referenced column \"nope\" not found")
                .doesNotContain("\n");
    }

    @Test
    void runningOutOfMemoryIsOneLineThatNamesTheLimit() throws Exception {
        try (DuckDBConnection connection = DuckDbDatabases.openInMemory(new DuckDbSettings(1, Optional.of("32MiB")))) {
            SQLException error = error(connection, "SELECT length(list(a.x)) FROM range(100000) a(x), range(100) b(y)");
            assertThat(DuckDbErrors.oneLine(error)).startsWith("Out of Memory Error: ").doesNotContain("\n")
                    .endsWith("the statement needs more memory than DuckDB may use on this node (its --duckdb-memory-limit)");
            assertThat(error.getMessage()).as("DuckDB's own text spans lines").contains("\n");
        }
    }

    /** While a node's store is open, DuckDB errors show its directories as placeholders, however spelled. */
    @Test
    void errorsHideTheDirectoriesOfAnOpenStore(@TempDir Path directory) throws Exception {
        Path data = Files.createDirectories(directory.resolve("data"));
        Path link = Files.createSymbolicLink(directory.resolve("link"), data);
        String query = "SELECT * FROM read_parquet('%s/shards/files/x.parquet')";
        try (RootAllocator allocator = new RootAllocator();
                TableStore store = TableStore.open(link.resolve("server.duckdb"), DuckDbSettings.DEFAULT, allocator)) {
            for (Path spelling : List.of(data, link, link.resolve("../data"))) {
                SQLException error = error(store, String.format(query, spelling));
                assertThat(error.getMessage()).as("DuckDB names the file").contains(spelling.toString());
                assertThat(DuckDbErrors.oneLine(error)).startsWith("Permission Error: ")
                        .contains("<data directory>/").endsWith("/shards/files/x.parquet\" - file system operations are"
                                + " disabled by configuration").doesNotContain(directory.toString());
            }
            SQLException other = error(store, String.format(query, directory.resolve("data2")));
            assertThat(DuckDbErrors.oneLine(other)).as("another directory that starts alike").contains(directory + "/data2/");
            SQLException home = error(store, "SELECT * FROM duckdb_extensions()");
            assertThat(DuckDbErrors.oneLine(home)).contains("<duckdb home>").doesNotContain(System.getProperty("user.home") + "/");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            SQLException afterClose = error(connection, String.format(query, data));
            assertThat(DuckDbErrors.oneLine(afterClose)).as("a closed store hides nothing").contains(data.toString());
        }
    }

    /** The error of {@code sql} on a new connection of {@code store} (a failed statement aborts its transaction). */
    private static SQLException error(TableStore store, String sql) throws SQLException {
        try (DuckDBConnection connection = store.newConnection()) {
            return error(connection, sql);
        }
    }

    private static SQLException error(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("DuckDB accepted " + sql);
    }

    private static SQLException duckDbError(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            try {
                statement.execute(sql);
            } catch (SQLException e) {
                return e;
            }
        }
        throw new AssertionError("DuckDB accepted " + sql);
    }
}
