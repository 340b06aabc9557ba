package io.gizmoedge.loading;

import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.engine.SqlNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * Rows that arrive as Arrow payloads (a client's import), collected in a DuckDB file in a staging
 * directory of the {@link TableLoader} so that they need not fit in memory. Every payload must
 * have the schema of the first. When all have arrived, {@link #rows()} is the source of an
 * ordinary CREATE or INSERT. Closing deletes the file: rows that were never loaded leave nothing.
 */
public final class StagedArrowRows implements AutoCloseable {
    private static final String TABLE = "staged_rows";
    private static final String STREAM = "staged_rows_arrow_stream";

    private final TableLoader loader;
    private final Path directory;
    private final DuckDBConnection connection;
    private final BufferAllocator allocator;
    private Optional<Schema> schema = Optional.empty();
    private long payloadBytes;

    private StagedArrowRows(TableLoader loader, Path directory, DuckDBConnection connection, BufferAllocator allocator) {
        this.loader = loader;
        this.directory = directory;
        this.connection = connection;
        this.allocator = allocator;
    }

    /** An empty staging database in a new staging directory of {@code loader}. */
    public static StagedArrowRows open(TableLoader loader, DuckDbSettings settings, BufferAllocator allocator)
            throws LoadException {
        Path directory = null;
        try {
            directory = loader.newStagingDirectory("import");
            DuckDBConnection connection = DuckDbDatabases.openFile(directory.resolve("import.duckdb"), settings);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET temp_directory = " + SqlNames.literal(directory.resolve("spill").toString()));
                statement.execute("SET preserve_insertion_order = false");
                // the rows leave again as Arrow: keep types such as UUID as they are
                statement.execute("SET arrow_lossless_conversion = true");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return new StagedArrowRows(loader, directory, connection, allocator);
        } catch (IOException | SQLException e) {
            if (directory != null) {
                loader.discard(directory);
            }
            throw new LoadException("cannot prepare the import on the server: " + e.getMessage(), e);
        }
    }

    /** Appends the rows of one payload (an Arrow IPC stream: schema, at most one batch). */
    public void append(byte[] payload) throws LoadException {
        try (BufferAllocator payloadAllocator = allocator.newChildAllocator("import-payload", 0, Long.MAX_VALUE);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(payloadAllocator)) {
            ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(payload), payloadAllocator);
            Schema payloadSchema;
            try {
                payloadSchema = reader.getVectorSchemaRoot().getSchema();
                checkSchema(payloadSchema);
                Data.exportArrayStream(payloadAllocator, reader, stream);
            } catch (IOException | LoadException | RuntimeException e) {
                reader.close();
                throw e;
            }
            // from here the exported stream owns the reader; DuckDB releases it after the scan
            connection.registerArrowStream(STREAM, stream);
            try (Statement statement = connection.createStatement()) {
                String select = "SELECT * FROM " + SqlNames.quote(STREAM);
                statement.execute(schema.isEmpty() ? "CREATE TABLE " + TABLE + " AS " + select
                        : "INSERT INTO " + TABLE + " " + select);
            }
            schema = Optional.of(payloadSchema);
            payloadBytes += payload.length;
        } catch (IOException e) {
            throw new LoadException("the server could not read the rows sent: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new LoadException("the server could not store the rows sent: " + DuckDbErrors.oneLine(e), e);
        }
    }

    private void checkSchema(Schema payloadSchema) throws LoadException {
        if (schema.isPresent() && !schema.get().equals(payloadSchema)) {
            throw new LoadException("the rows sent change their columns midway (first " + describe(schema.get()) + ", then "
                    + describe(payloadSchema) + "); every batch of an import must have the same columns");
        }
        if (payloadSchema.getFields().isEmpty()) {
            throw new LoadException("the rows sent have no columns");
        }
    }

    private static String describe(Schema schema) {
        return schema.getFields().stream().map(f -> f.getName() + " " + f.getType()).collect(Collectors.joining(", "));
    }

    /** Whether any payload (at least the schema) has arrived. */
    public boolean hasSchema() {
        return schema.isPresent();
    }

    /** The number of rows staged so far. */
    public long rowCount() throws LoadException {
        if (schema.isEmpty()) {
            return 0;
        }
        try (Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new LoadException("the server could not count the rows sent: " + DuckDbErrors.oneLine(e), e);
        }
    }

    public long payloadBytes() {
        return payloadBytes;
    }

    /** The staged rows as the source of a CREATE or INSERT; valid until this is closed. */
    public RowSource rows() throws LoadException {
        if (schema.isEmpty()) {
            throw new LoadException("no rows arrived, not even their columns");
        }
        return new RowSource(connection, "SELECT * FROM " + TABLE);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the directory goes anyway; the file with it
        }
        loader.discard(directory);
    }
}
