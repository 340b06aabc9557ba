package io.gizmoedge.server;

import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.engine.ClientSqlCheck;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.SqlNames;
import io.gizmoedge.flight.CatalogTable;
import io.gizmoedge.flight.QueryBackend;
import io.gizmoedge.flight.StatementFailedException;
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
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server as the Flight SQL endpoint sees it: statements run through the {@link QueryCoordinator}
 * (as a shell's do), and schemas come from the server's copy of the tables, with the same checks on
 * client SQL.
 */
final class CoordinatorQueryBackend implements QueryBackend {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorQueryBackend.class);
    private static final Pattern TRAILING_SEMICOLONS = Pattern.compile("[\\s;]+$");
    private static final Pattern LEADING_COMMENTS = Pattern.compile("^(\\s+|--[^\\n]*(\\n|$)|/\\*.*?\\*/)+", Pattern.DOTALL);
    private static final Pattern QUERY_START = Pattern.compile("(?is)(\\(\\s*)*(select|with|values|from|table)\\b.*");
    private static final Pattern ANSWERING_STATEMENT = Pattern.compile("(?is)(explain|show|describe)\\b.*");

    private final QueryCoordinator coordinator;
    private final ServerDatabase database;
    private final CatalogVersions versions;
    private final BufferAllocator allocator;

    CoordinatorQueryBackend(QueryCoordinator coordinator, ServerDatabase database, CatalogVersions versions,
            BufferAllocator allocator) {
        this.coordinator = coordinator;
        this.database = database;
        this.versions = versions;
        this.allocator = allocator;
    }

    @Override
    public long execute(String sql, QueryOptions options, Role role, PayloadSink sink, Cancellation cancellation)
            throws StatementFailedException, IOException {
        try {
            return coordinator.execute(sql, options, role, sink, cancellation).rowCount();
        } catch (QueryFailure e) {
            throw new StatementFailedException(e.getMessage());
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
            return Optional.of(schemaOf("SELECT * FROM (" + query + "\n) AS gizmo_result LIMIT 0", query));
        } catch (SQLException | IOException e) {
            LOG.debug("no schema for a Flight SQL query: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The schema of what EXPLAIN, SHOW TABLES or DESCRIBE answers, found by running it (they only
     * read the catalog or plan): their answers are made by the server, not by DuckDB.
     */
    private Optional<Schema> schemaOfAnswer(String sql) {
        java.util.concurrent.atomic.AtomicReference<Schema> schema = new java.util.concurrent.atomic.AtomicReference<>();
        PayloadSink firstSchema = payload -> {
            if (schema.get() == null) {
                schema.set(io.gizmoedge.engine.ArrowFrameDecoder.schemaOf(payload, allocator));
            }
        };
        try {
            coordinator.execute(sql, QueryOptions.DEFAULT, Role.CLIENT, firstSchema, new Cancellation());
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
