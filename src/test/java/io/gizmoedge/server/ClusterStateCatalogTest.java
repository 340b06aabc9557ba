package io.gizmoedge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.planner.ClusterStateTables;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema gizmo in DuckDB: each query's connection sees the rows loaded on it, and no other connection's. */
class ClusterStateCatalogTest {
    @TempDir
    Path directory;

    @Test
    void eachConnectionSeesItsOwnSnapshot() throws SQLException {
        try (DuckDBConnection database = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + directory.resolve("server.duckdb"))) {
            try (Statement statement = database.createStatement()) {
                statement.execute("SET enable_external_access = false");
                statement.execute("SET lock_configuration = true");
            }
            ClusterStateCatalog.install(database);
            try (Connection first = query(database); Connection second = query(database); Connection third = query(database)) {
                ClusterStateCatalog.load(first, ClusterStateTables.SESSIONS, List.of(
                        session(1, "scott"), session(2, "scott")));
                ClusterStateCatalog.load(second, ClusterStateTables.SESSIONS, List.of(session(3, "alice")));
                assertThat(names(first)).containsExactly("scott", "scott");
                assertThat(names(second)).containsExactly("alice");
                assertThatThrownBy(() -> names(third)).isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void aDatabaseNamedGizmoIsRefused() throws SQLException {
        try (Connection database = DriverManager.getConnection("jdbc:duckdb:" + directory.resolve("gizmo.duckdb"))) {
            assertThatThrownBy(() -> ClusterStateCatalog.install(database)).hasMessageContaining("--database-file");
        }
    }

    private static Connection query(DuckDBConnection database) throws SQLException {
        Connection connection = database.duplicate();
        connection.setAutoCommit(false);
        return connection;
    }

    private static List<Object> session(long id, String user) {
        return Arrays.asList(id, user, "client", "127.0.0.1:1", "websocket", LocalDateTime.of(2026, 12, 1, 10, 0), 0);
    }

    private static List<String> names(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT username FROM gizmo.sessions ORDER BY id")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
