package io.gizmoedge.server;

import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.engine.ClientSqlCheck;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.SqlNames;
import io.gizmoedge.flight.CatalogTable;
import io.gizmoedge.flight.FlightSession;
import io.gizmoedge.flight.QueryBackend;
import io.gizmoedge.flight.StatementFailedException;
import io.gizmoedge.planner.CancelCall;
import io.gizmoedge.planner.QueryRefusedException;
import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.security.Role;
import java.io.IOException;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server as the Flight SQL endpoint sees it: statements run through the {@link QueryCoordinator}
 * (as a shell's do), and schemas come from the server's copy of the tables, with the same checks on
 * client SQL. Each Flight SQL session is a session of the server's registry from its first statement
 * until its token ends, and each statement one of its queries, as a shell's are.
 */
final class CoordinatorQueryBackend implements QueryBackend {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorQueryBackend.class);
    private static final Pattern TRAILING_SEMICOLONS = Pattern.compile("[\\s;]+$");
    private static final Pattern LEADING_COMMENTS = Pattern.compile("^(\\s+|--[^\\n]*(\\n|$)|/\\*.*?\\*/)+", Pattern.DOTALL);
    private static final Pattern QUERY_START = Pattern.compile("(?is)(\\(\\s*)*(select|with|values|from|table)\\b.*");
    private static final Pattern ANSWERING_STATEMENT = Pattern.compile("(?is)(explain|show|describe)\\b.*");
    private static final String TRANSPORT = "flight-sql";
    /** Flight hands the producer no peer address. */
    private static final String UNKNOWN_ADDRESS = "unknown";
    /** Who EXPLAIN, SHOW and DESCRIBE run as when only their answer's schema is wanted. */
    private static final Caller SCHEMA_READER = new Caller("flight-sql schema", Role.CLIENT);

    private final QueryCoordinator coordinator;
    private final ServerDatabase database;
    private final CatalogVersions versions;
    private final BufferAllocator allocator;
    private final SessionRegistry registry;
    /** The registry's session of each Flight SQL session id that has run a statement. */
    private final Map<String, SessionRegistry.ClientSession> registered = new ConcurrentHashMap<>();

    CoordinatorQueryBackend(QueryCoordinator coordinator, ServerDatabase database, CatalogVersions versions,
            BufferAllocator allocator, SessionRegistry registry) {
        this.coordinator = coordinator;
        this.registry = registry;
        this.database = database;
        this.versions = versions;
        this.allocator = allocator;
    }

    @Override
    public long execute(String sql, QueryOptions options, FlightSession session, PayloadSink sink,
            Cancellation cancellation) throws StatementFailedException, IOException {
        SessionRegistry.ClientSession client = registered.computeIfAbsent(session.id(),
                id -> registry.open(new Caller(session.user(), session.role()), UNKNOWN_ADDRESS, TRANSPORT));
        try {
            return coordinator.executeInSession(client, sql, options, sink, cancellation).rowCount();
        } catch (QueryFailure e) {
            throw new StatementFailedException(e.getMessage());
        }
    }

    @Override
    public void sessionEnded(FlightSession session) {
        SessionRegistry.ClientSession client = registered.remove(session.id());
        if (client != null) {
            client.close();
        }
    }

    @Override
    public Optional<Schema> resultSchema(String sql) {
        String query = TRAILING_SEMICOLONS.matcher(sql).replaceAll("");
        String start = LEADING_COMMENTS.matcher(query).replaceFirst("");
        if (ANSWERING_STATEMENT.matcher(start).matches()) {
            return schemaOfAnswer(query);
        }
        if (!QUERY_START.matcher(start).matches()) {
            return Optional.empty(); // a data statement: no result set
        }
        try {
            if (CancelCall.parse(query).isPresent()) {
                return Optional.of(new Schema(List.of(Field.nullable(CancelCall.RESULT_COLUMN, ArrowType.Bool.INSTANCE))));
            }
        } catch (QueryRefusedException e) {
            return Optional.empty(); // refused when it runs, with the reason
        }
        String noRows = "SELECT * FROM (" + query + "\n) AS gizmo_result LIMIT 0";
        try {
            return Optional.of(schemaOf(noRows, query));
        } catch (SQLException | IOException e) {
            // not a query of the server's copy alone (it reads gizmo.*, say): the coordinator answers it, without rows
            LOG.debug("no schema for a Flight SQL query from the server's copy: {}", e.getMessage());
            return schemaOfAnswer(noRows);
        }
    }

    /**
     * The schema of what the coordinator answers to {@code sql}, found by running it: for EXPLAIN, SHOW
     * TABLES or DESCRIBE (they only read the catalog or plan, and the server makes their answers), and for
     * a query wrapped to return no rows whose tables only the coordinator fills (gizmo.*).
     */
    private Optional<Schema> schemaOfAnswer(String sql) {
        java.util.concurrent.atomic.AtomicReference<Schema> schema = new java.util.concurrent.atomic.AtomicReference<>();
        PayloadSink firstSchema = payload -> {
            if (schema.get() == null) {
                schema.set(io.gizmoedge.engine.ArrowFrameDecoder.schemaOf(payload, allocator));
            }
        };
        try {
            coordinator.execute(sql, QueryOptions.DEFAULT, SCHEMA_READER, firstSchema, new Cancellation());
        } catch (QueryFailure | IOException e) {
            LOG.debug("no schema for a Flight SQL statement: {}", e.getMessage());
        }
        return Optional.ofNullable(schema.get());
    }

    @Override
    public Optional<Schema> parameterSchema(String sql) {
        String query = TRAILING_SEMICOLONS.matcher(sql).replaceAll("");
        List<String> casts = new ArrayList<>();
        try (DuckDBConnection connection = database.newConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            ParameterMetaData parameters = statement.getParameterMetaData();
            for (int i = 1; i <= parameters.getParameterCount(); i++) {
                String type = parameters.getParameterTypeName(i);
                boolean known = type != null && !type.isBlank() && !type.equals("INVALID") && !type.equals("UNKNOWN");
                casts.add("CAST(NULL AS " + (known ? type : "VARCHAR") + ") AS " + SqlNames.quote("parameter_" + i));
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
        if (casts.isEmpty()) {
            return Optional.of(new Schema(List.of()));
        }
        try {
            return Optional.of(schemaOf("SELECT " + String.join(", ", casts), null));
        } catch (SQLException | IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<CatalogTable> tables() throws StatementFailedException {
        List<CatalogTable> tables = new ArrayList<>();
        for (TableDefinition table : versions.current().manifest().tables()) {
            try {
                Schema schema = schemaOf("SELECT * FROM " + SqlNames.quote(table.name()) + " LIMIT 0", null);
                tables.add(new CatalogTable(table.name(), table.isPartitioned()
                        ? CatalogTable.Placement.DISTRIBUTED : CatalogTable.Placement.REPLICATED, schema));
            } catch (SQLException | IOException e) {
                throw new StatementFailedException("the columns of table " + table.name() + " could not be read: "
                        + (e instanceof SQLException s ? DuckDbErrors.oneLine(s) : "reading them failed"));
            }
        }
        return tables;
    }

    /** The Arrow schema of {@code sql} on the server's copy; {@code clientSql}, when given, is checked first. */
    private Schema schemaOf(String sql, String clientSql) throws SQLException, IOException {
        try (DuckDBConnection connection = database.newConnection()) {
            if (clientSql != null) {
                ClientSqlCheck.check(connection, clientSql);
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(sql);
                    ArrowReader reader = (ArrowReader) ((DuckDBResultSet) rows).arrowExportStream(allocator, 1024)) {
                return reader.getVectorSchemaRoot().getSchema();
            }
        }
    }
}
