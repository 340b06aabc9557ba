package io.gizmoedge.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.LineitemSelfJoin;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.NamedQuery;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.demo.TpchQueries;
import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.engine.TableStore;
import io.gizmoedge.security.PasswordHasher;
import io.gizmoedge.security.Role;
import io.gizmoedge.security.UserAccount;
import io.gizmoedge.security.UserList;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.adbc.core.AdbcConnection;
import org.apache.arrow.adbc.core.AdbcDatabase;
import org.apache.arrow.adbc.core.AdbcDriver;
import org.apache.arrow.adbc.core.AdbcStatement;
import org.apache.arrow.adbc.driver.flightsql.FlightSqlConnectionProperties;
import org.apache.arrow.adbc.driver.flightsql.FlightSqlDriver;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real SQL tools against a real cluster (server and two worker processes, TLS with the bootstrap's
 * certificate) over Arrow Flight SQL: the Apache Arrow Flight SQL JDBC driver, the ADBC Flight SQL
 * driver, and a bare Flight client sending what a tool should not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlightSqlJdbcTest {
    private static final String LONG_QUERY = LineitemSelfJoin.of(7);

    private ClusterFiles files;
    private LocalCluster cluster;
    private DuckDBConnection singleNode;
    private BufferAllocator allocator;

    @BeforeAll
    void startCluster() throws Exception {
        ClusterFiles dataset = TestDataset.files();
        // the shared dataset's users and an admin (for a second user's tickets), in this test's own user list
        java.nio.file.Path workDirectory = TestDataset.workDirectory("flight-sql");
        Files.createDirectories(workDirectory);
        java.nio.file.Path users = workDirectory.resolve("users.json");
        UserList.read(dataset.userList()).withUser(new UserAccount(TpchDemo.ADMIN_USER, Role.ADMIN,
                new PasswordHasher().hash(TpchDemo.ADMIN_PASSWORD))).write(users);
        files = new ClusterFiles(users, dataset.database(), dataset.manifest(), dataset.tlsCertificate(), dataset.tlsKey());
        cluster = LocalCluster.start(files, TpchDemo.WORKER_PASSWORD, workDirectory.resolve("cluster"), 2, 1);
        try (QueryExecutor ready = cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, 2, Duration.ofMinutes(3))) {
            // the cluster serves every shard
        }
        singleNode = DuckDbDatabases.openReadOnly(TableStore.singleNodeCopy(files.manifest()), DuckDbSettings.DEFAULT);
        allocator = new RootAllocator();
    }

    @AfterAll
    void stop() throws Exception {
        if (singleNode != null) {
            singleNode.close();
        }
        if (allocator != null) {
            allocator.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private String url() {
        return "jdbc:arrow-flight-sql://localhost:" + cluster.flightPort() + "?useEncryption=true&tlsRootCerts="
                + files.tlsCertificate().toAbsolutePath();
    }

    private Connection connect(String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(url(), properties);
    }

    private Connection client() throws SQLException {
        return connect(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD);
    }

    @Test
    void metadataListsEveryTableWithItsColumns() throws Exception {
        try (Connection connection = client()) {
            DatabaseMetaData metadata = connection.getMetaData();
            assertThat(metadata.getDatabaseProductName()).isEqualTo("Gizmo Edge");
            assertThat(metadata.getIdentifierQuoteString()).isEqualTo("\"");
            List<String> tables = new ArrayList<>();
            Map<String, String> types = new HashMap<>();
            try (ResultSet rows = metadata.getTables(null, null, "%", null)) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                    types.put(rows.getString("TABLE_NAME"), rows.getString("TABLE_TYPE"));
                }
            }
            assertThat(tables).containsExactlyInAnyOrder("customer", "lineitem", "nation", "orders", "part", "partsupp",
                    "region", "supplier");
            assertThat(types).containsEntry("lineitem", "DISTRIBUTED TABLE").containsEntry("nation", "REPLICATED TABLE");
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = metadata.getColumns(null, null, "region", "%")) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME") + " " + rows.getInt("DATA_TYPE"));
                }
            }
            assertThat(columns).containsExactly("r_regionkey " + java.sql.Types.BIGINT, "r_name " + java.sql.Types.VARCHAR,
                    "r_comment " + java.sql.Types.VARCHAR);
            List<String> schemas = new ArrayList<>();
            try (ResultSet rows = metadata.getSchemas()) {
                while (rows.next()) {
                    schemas.add(rows.getString("TABLE_SCHEM"));
                }
            }
            assertThat(schemas).containsExactly("main");
            try (ResultSet rows = metadata.getTypeInfo()) {
                // the JDBC driver (18.3) answers getTypeInfo itself, empty, without asking the server:
                // GetXdbcTypeInfo is checked through FlightSqlClient in typeInfoAndSqlInfo
                assertThat(rows.getMetaData().getColumnCount()).isPositive();
            }
            try (ResultSet keys = metadata.getPrimaryKeys(null, null, "orders")) {
                assertThat(keys.next()).isFalse();
            }
            try (ResultSet keys = metadata.getImportedKeys(null, null, "orders")) {
                assertThat(keys.next()).isFalse();
            }
            try (ResultSet keys = metadata.getExportedKeys(null, null, "orders")) {
                assertThat(keys.next()).isFalse();
            }
        }
    }

    @Test
    void plainAndPreparedStatements() throws Exception {
        try (Connection connection = client()) {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT n_name FROM nation WHERE n_regionkey = 1 ORDER BY n_name")) {
                List<String> names = new ArrayList<>();
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
                assertThat(names).containsExactly("ARGENTINA", "BRAZIL", "CANADA", "PERU", "UNITED STATES");
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT count(*) AS n FROM orders WHERE o_orderstatus = ? AND o_custkey < ?")) {
                statement.setString(1, "F");
                statement.setInt(2, 500);
                long expected = singleNodeCount("SELECT count(*) FROM orders WHERE o_orderstatus = 'F' AND o_custkey < 500");
                try (ResultSet rows = statement.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).isEqualTo(expected);
                }
                statement.setString(1, "O'Brien"); // quoted as a literal, never part of the statement
                statement.setInt(2, 500);
                try (ResultSet rows = statement.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).isZero();
                }
            }
        }
    }

    @Test
    void theTpchQueriesEqualSingleNodeDuckDb() throws Exception {
        List<String> differences = new ArrayList<>();
        try (Connection connection = client()) {
            for (NamedQuery query : TpchQueries.all()) {
                List<List<Object>> actual;
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery(query.sql())) {
                    actual = JdbcRows.read(rows);
                }
                List<List<Object>> expected;
                try (Statement statement = singleNode.createStatement();
                        ResultSet rows = statement.executeQuery(query.sql())) {
                    expected = JdbcRows.read(rows);
                }
                JdbcRows.difference(expected, actual, io.gizmoedge.demo.AnswerComparison.isOrdered(query.sql()))
                        .ifPresent(difference -> differences.add(query.name() + ": " + difference));
            }
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void aClientAccountCannotChangeData() throws Exception {
        try (Connection connection = client(); Statement statement = connection.createStatement()) {
            SQLException refused = catchThrowableOfType(SQLException.class,
                    () -> statement.executeUpdate("CREATE TABLE flight_notes REPLICATED AS SELECT 1 AS id"));
            assertThat(allMessages(refused)).contains("only an admin may change data");
        }
    }

    @Test
    void theDistributedOptionTravelsAsAConnectionProperty() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", TpchDemo.CLIENT_USER);
        properties.setProperty("password", TpchDemo.CLIENT_PASSWORD);
        properties.setProperty("gizmo.distributed", "force");
        long shards = 0;
        try (Connection connection = DriverManager.getConnection(url(), properties);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM region")) {
            while (rows.next()) {
                shards++; // force: every worker answers the SQL unchanged, one row each
            }
        }
        assertThat(shards).isEqualTo(2);
    }

    @Test
    void aWrongPasswordIsRefused() {
        SQLException refused = catchThrowableOfType(SQLException.class,
                () -> connect(TpchDemo.CLIENT_USER, "not-the-password").close());
        assertThat((Throwable) refused).isNotNull();
        assertThat(allMessages(refused)).contains("UNAUTHENTICATED: wrong user name or password");
    }

    @Test
    void aWorkerAccountIsRefused() {
        SQLException refused = catchThrowableOfType(SQLException.class,
                () -> connect("worker", TpchDemo.WORKER_PASSWORD).close());
        assertThat((Throwable) refused).isNotNull();
        assertThat(allMessages(refused)).contains("a worker account cannot run queries");
    }

    @Test
    void aRunningFlightQueryIsListedInGizmoQueriesAndStoppedByGizmoCancel() throws Exception {
        try (Connection running = client(); Statement longStatement = running.createStatement();
                Connection watcher = client(); Statement watch = watcher.createStatement()) {
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rows = longStatement.executeQuery(LONG_QUERY)) {
                    rows.next();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            long id = -1;
            for (int attempt = 0; attempt < 100 && id < 0; attempt++) {
                try (ResultSet rows = watch.executeQuery("SELECT q.id, s.transport FROM gizmo.queries q"
                        + " JOIN gizmo.sessions s ON q.session_id = s.id"
                        + " WHERE q.state = 'running' AND q.sql_text LIKE 'SELECT count(*) AS n FROM lineitem a%'")) {
                    if (rows.next()) {
                        assertThat(rows.getString(2)).isEqualTo("flight-sql");
                        id = rows.getLong(1);
                    }
                }
                Thread.sleep(100);
            }
            assertThat(id).as("the long Flight SQL query in gizmo.queries").isPositive();
            try (ResultSet rows = watch.executeQuery("SELECT gizmo.cancel(" + id + ")")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getBoolean(1)).isTrue();
            }
            assertThat(allMessages(outcome.get(30, TimeUnit.SECONDS))).contains("query cancelled");
        }
    }

    @Test
    void aLongQueryIsCancelledAndTheNextOneIsExact() throws Exception {
        try (Connection connection = client(); Statement statement = connection.createStatement()) {
            CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rows = statement.executeQuery(LONG_QUERY)) {
                    rows.next();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(2000);
            long cancelledAt = System.nanoTime();
            statement.cancel();
            Throwable failure = running.get(30, TimeUnit.SECONDS);
            assertThat(failure).isNotNull();
            assertThat((System.nanoTime() - cancelledAt) / 1_000_000).isLessThan(10_000);
            // the server stopped the query too (not only the driver its stream), and told the workers
            assertThat(awaitLogLine(cluster.logFile("server"), "Flight SQL query of 'scott'", "query cancelled")).isTrue();
            boolean workerStopped = false;
            for (int worker : cluster.workerNumbers()) {
                workerStopped |= awaitLogLine(cluster.workerLog(worker), "stopped", "cancelled");
            }
            assertThat(workerStopped).as("a worker's log shows its stage stopped").isTrue();
        }
        try (Connection connection = client(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM lineitem")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isEqualTo(singleNodeCount("SELECT count(*) FROM lineitem"));
        }
    }

    @Test
    void adbcReadsAQueryAsAnArrowStream() throws Exception {
        Map<String, Object> parameters = new HashMap<>();
        AdbcDriver.PARAM_URI.set(parameters, "grpc+tls://localhost:" + cluster.flightPort());
        AdbcDriver.PARAM_USERNAME.set(parameters, TpchDemo.CLIENT_USER);
        AdbcDriver.PARAM_PASSWORD.set(parameters, TpchDemo.CLIENT_PASSWORD);
        try (InputStream roots = Files.newInputStream(files.tlsCertificate())) {
            FlightSqlConnectionProperties.TLS_ROOT_CERTS.set(parameters, roots);
            try (AdbcDatabase database = new FlightSqlDriver(allocator).open(parameters);
                    AdbcConnection connection = database.connect();
                    AdbcStatement statement = connection.createStatement()) {
                statement.setSqlQuery("SELECT l_orderkey, l_quantity FROM lineitem");
                long rows = 0;
                try (AdbcStatement.QueryResult result = statement.executeQuery()) {
                    ArrowReader reader = result.getReader();
                    while (reader.loadNextBatch()) {
                        rows += reader.getVectorSchemaRoot().getRowCount();
                    }
                    assertThat(reader.getVectorSchemaRoot().getSchema().getFields()).extracting(f -> f.getName())
                            .containsExactly("l_orderkey", "l_quantity");
                }
                assertThat(rows).isEqualTo(singleNodeCount("SELECT count(*) FROM lineitem"));
            }
        }
    }

    // --- bad input on the Flight port -------------------------------------------------------

    private FlightClient flightClient() throws Exception {
        try (InputStream roots = Files.newInputStream(files.tlsCertificate())) {
            return FlightClient.builder(allocator, Location.forGrpcTls("localhost", cluster.flightPort()))
                    .trustedCertificates(roots).build();
        }
    }

    private static FlightStatusCode status(Runnable call) {
        FlightRuntimeException failure = catchThrowableOfType(FlightRuntimeException.class, call::run);
        assertThat(failure).as("the call fails with a gRPC status").isNotNull();
        assertThat(failure.getMessage()).doesNotContain("Exception").doesNotContain("\tat ");
        return failure.status().code();
    }

    @Test
    void badInputGetsAClearStatus() throws Exception {
        try (FlightClient client = flightClient(); FlightSqlClient sql = new FlightSqlClient(client)) {
            // no token
            assertThat(status(() -> sql.execute("SELECT 1"))).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
            // a forged token
            CredentialCallOption forged = new CredentialCallOption(new BearerCredentialWriter("forged-token"));
            FlightRuntimeException forgedFailure = catchThrowableOfType(FlightRuntimeException.class,
                    () -> sql.execute("SELECT 1", forged));
            assertThat(forgedFailure.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
            assertThat(forgedFailure.status().description()).contains("unknown or expired token");

            CredentialCallOption scott = client.authenticateBasicToken(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD)
                    .orElseThrow();
            // a malformed ticket
            assertThat(status(() -> drain(client.getStream(new Ticket(new byte[] {1, 2, 3}), scott))))
                    .isIn(FlightStatusCode.INVALID_ARGUMENT, FlightStatusCode.NOT_FOUND);
            // a ticket of another user's query
            try (FlightClient adminClient = flightClient(); FlightSqlClient adminSql = new FlightSqlClient(adminClient)) {
                CredentialCallOption admin = adminClient.authenticateBasicToken(TpchDemo.ADMIN_USER, TpchDemo.ADMIN_PASSWORD)
                        .orElseThrow();
                FlightInfo adminQuery = adminSql.execute("SELECT c_name FROM customer", admin);
                Ticket adminTicket = adminQuery.getEndpoints().get(0).getTicket();
                assertThat(status(() -> drain(client.getStream(adminTicket, scott)))).isEqualTo(FlightStatusCode.NOT_FOUND);
                // the owner still reads it
                try (FlightStream stream = adminClient.getStream(adminTicket, admin)) {
                    long rows = 0;
                    while (stream.next()) {
                        rows += stream.getRoot().getRowCount();
                    }
                    assertThat(rows).isEqualTo(singleNodeCount("SELECT count(*) FROM customer"));
                }
            }
            // a statement that fails: one line of ours
            FlightRuntimeException failed = catchThrowableOfType(FlightRuntimeException.class,
                    () -> drain(client.getStream(sql.execute("SELECT * FROM no_such_table", scott)
                            .getEndpoints().get(0).getTicket(), scott)));
            assertThat(failed.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
            assertThat(failed.status().description()).contains("no_such_table").doesNotContain("\n")
                    .doesNotContain(files.database().toAbsolutePath().getParent().toString());
        }
    }

    @Test
    void cancelFlightInfoStopsARunningQuery() throws Exception {
        try (FlightClient client = flightClient(); FlightSqlClient sql = new FlightSqlClient(client)) {
            CredentialCallOption scott = client.authenticateBasicToken(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD)
                    .orElseThrow();
            FlightInfo info = sql.execute(LONG_QUERY, scott);
            CompletableFuture<FlightRuntimeException> reading = CompletableFuture.supplyAsync(() ->
                    catchThrowableOfType(FlightRuntimeException.class,
                            () -> drain(client.getStream(info.getEndpoints().get(0).getTicket(), scott))));
            Thread.sleep(2000);
            assertThat(sql.cancelFlightInfo(new org.apache.arrow.flight.CancelFlightInfoRequest(info), scott).getStatus())
                    .isEqualTo(org.apache.arrow.flight.CancelStatus.CANCELLED);
            FlightRuntimeException failure = reading.get(30, TimeUnit.SECONDS);
            assertThat(failure).isNotNull();
            assertThat(failure.status().code()).isEqualTo(FlightStatusCode.CANCELLED);
            assertThat(failure.status().description()).isEqualTo("query cancelled");
        }
    }

    @Test
    void theDistributedOptionIsASessionOption() throws Exception {
        try (FlightClient client = flightClient(); FlightSqlClient sql = new FlightSqlClient(client)) {
            CredentialCallOption scott = client.authenticateBasicToken(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD)
                    .orElseThrow();
            var result = sql.setSessionOptions(new org.apache.arrow.flight.SetSessionOptionsRequest(Map.of(
                    "gizmo.distributed", org.apache.arrow.flight.SessionOptionValueFactory.makeSessionOptionValue("force"),
                    "no.such.option", org.apache.arrow.flight.SessionOptionValueFactory.makeSessionOptionValue("x"))), scott);
            assertThat(result.getErrors()).containsOnlyKeys("no.such.option");
            FlightInfo info = sql.execute("SELECT count(*) FROM region", scott);
            long rows = 0;
            try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), scott)) {
                while (stream.next()) {
                    rows += stream.getRoot().getRowCount();
                }
            }
            assertThat(rows).as("force: one row per worker").isEqualTo(2);
        }
    }

    @Test
    void typeInfoThroughFlightSql() throws Exception {
        try (FlightClient client = flightClient(); FlightSqlClient sql = new FlightSqlClient(client)) {
            CredentialCallOption scott = client.authenticateBasicToken(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD)
                    .orElseThrow();
            FlightInfo info = sql.getXdbcTypeInfo(scott);
            List<String> names = new ArrayList<>();
            try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), scott)) {
                while (stream.next()) {
                    for (int row = 0; row < stream.getRoot().getRowCount(); row++) {
                        names.add(stream.getRoot().getVector("type_name").getObject(row).toString());
                    }
                }
            }
            assertThat(names).contains("INTEGER", "BIGINT", "DECIMAL", "VARCHAR", "DATE", "TIMESTAMP");
        }
    }

    @Test
    void aPlainConnectionToTheTlsPortFails() throws Exception {
        try (FlightClient plain = FlightClient.builder(allocator, Location.forGrpcInsecure("localhost", cluster.flightPort())).build();
                FlightSqlClient sql = new FlightSqlClient(plain)) {
            FlightRuntimeException failure = catchThrowableOfType(FlightRuntimeException.class,
                    () -> plain.authenticateBasicToken(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD));
            assertThat(failure).isNotNull();
            assertThat(failure.status().code()).isIn(FlightStatusCode.UNAVAILABLE, FlightStatusCode.INTERNAL,
                    FlightStatusCode.UNKNOWN);
        }
    }

    private static void drain(FlightStream stream) {
        try (stream) {
            while (stream.next()) {
                // read every batch
            }
        } catch (FlightRuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw CallStatus.UNKNOWN.withCause(e).toRuntimeException();
        }
    }

    private long singleNodeCount(String sql) throws SQLException {
        try (Statement statement = singleNode.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Whether a line holding both texts appears in {@code log} within 10 s. */
    private static boolean awaitLogLine(java.nio.file.Path log, String first, String second) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.readAllLines(log).stream().anyMatch(line -> line.contains(first) && line.contains(second))) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static String allMessages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append(" | ");
        }
        return messages.toString();
    }
}
