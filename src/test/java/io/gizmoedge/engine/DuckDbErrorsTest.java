package io.gizmoedge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
