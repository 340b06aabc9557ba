package io.gizmoedge.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.demo.TpchDemo;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Data statements over Flight SQL (JDBC {@code executeUpdate}, which the driver sends as a prepared
 * update) on a cluster that starts with an empty catalog: the admin creates, fills and drops a table;
 * a client account is refused with the shell's message; metadata follows each catalog version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlightSqlDataStatementsTest {
    private EmptyCatalogCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = EmptyCatalogCluster.start("flight-sql-data", 2, 1, (imports, duckdb) -> { });
        try (QueryExecutor ready = cluster.processes().awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, 1,
                Duration.ofMinutes(2), "SELECT 1")) {
            // the worker serves every shard
        }
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Connection connect(String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection("jdbc:arrow-flight-sql://localhost:" + cluster.processes().flightPort()
                + "?useEncryption=true&tlsRootCerts=" + cluster.files().tlsCertificate().toAbsolutePath(), properties);
    }

    @Test
    void theAdminChangesDataAndAClientMayNot() throws Exception {
        try (Connection admin = connect(EmptyCatalogCluster.ADMIN, EmptyCatalogCluster.ADMIN_PASSWORD);
                Statement statement = admin.createStatement()) {
            statement.executeUpdate("CREATE TABLE events DISTRIBUTED BY (id) AS SELECT range AS id, range % 7 AS kind "
                    + "FROM range(1000)");
            statement.executeUpdate("INSERT INTO events SELECT range + 1000 AS id, 0 AS kind FROM range(10)");
        }
        try (Connection client = connect(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD);
                Statement statement = client.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT count(*), sum(id) FROM events")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(1010);
                assertThat(rows.getLong(2)).isEqualTo(999L * 1000 / 2 + 10 * 1000 + 45);
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = client.getMetaData().getTables(null, null, "%", null)) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME") + " " + rows.getString("TABLE_TYPE"));
                }
            }
            assertThat(tables).containsExactly("events DISTRIBUTED TABLE");
            SQLException refused = catchThrowableOfType(SQLException.class,
                    () -> statement.executeUpdate("DROP TABLE events"));
            assertThat(refused.getMessage()).contains("only an admin may change data");
        }
        try (Connection admin = connect(EmptyCatalogCluster.ADMIN, EmptyCatalogCluster.ADMIN_PASSWORD);
                Statement statement = admin.createStatement()) {
            statement.executeUpdate("DROP TABLE events");
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = admin.getMetaData().getTables(null, null, "%", null)) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).isEmpty();
        }
    }
}
