package io.gizmoedge.engine;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * Runs SQL on a DuckDB connection and streams the answer as Arrow frame payloads, after
 * registering input tables (earlier stages' results) as temporary tables of that connection.
 * The same code runs a stage on a worker, a merge on the server, and a plan in tests.
 */
public final class DuckDbQueryRunner {
    private static final int BATCH_ROWS = 64 * 1024;
    /** The temporary table a partitioned run keeps its rows in until it has sent every part. */
    private static final String PARTITIONED_OUTPUT = "partitioned_output";

    private final BufferAllocator allocator;
    private final ArrowFrameEncoder encoder;

    public DuckDbQueryRunner(BufferAllocator allocator, long maxPayloadBytes) {
        this.allocator = allocator;
        this.encoder = new ArrowFrameEncoder(maxPayloadBytes);
    }

    /**
     * Registers {@code inputs} on {@code connection}, runs {@code sql} and sends every payload of
     * the answer to {@code sink}; returns the number of rows. The connection should be used for
     * this query only (temporary tables stay until it closes). SQL that would read the node's
     * configuration is refused before anything runs ({@link ClientSqlCheck}): every SQL run here
     * comes from a client's statement, on the server and on workers alike.
     */
    public long run(DuckDBConnection connection, String sql, List<ArrowTable> inputs, ArrowFrameEncoder.PayloadSink sink)
            throws SQLException, IOException {
        return run(connection, sql, inputs, sink, new Cancellation());
    }

    /**
     * As {@link #run(DuckDBConnection, String, List, ArrowFrameEncoder.PayloadSink)}, stopping when
     * {@code cancellation} is cancelled: DuckDB's statement is interrupted and no further payload is
     * sent. Throws {@link WorkCancelledException} with the cancellation's reason then.
     */
    public long run(DuckDBConnection connection, String sql, List<ArrowTable> inputs, ArrowFrameEncoder.PayloadSink sink,
            Cancellation cancellation) throws SQLException, IOException {
        return onStatement(connection, sql, inputs, cancellation, statement -> {
            try (BufferAllocator resultAllocator = allocator.newChildAllocator("result", 0, Long.MAX_VALUE);
                    DuckDBResultSet rows = (DuckDBResultSet) statement.executeQuery(sql);
                    ArrowReader reader = (ArrowReader) rows.arrowExportStream(resultAllocator, BATCH_ROWS)) {
                return encoder.encodeAll(reader, payload -> {
                    cancellation.throwIfCancelled();
                    sink.accept(payload);
                });
            }
        });
    }

    /**
     * Runs {@code sql} as {@link #run(DuckDBConnection, String, List, ArrowFrameEncoder.PayloadSink, Cancellation)}
     * does, and divides its rows by {@code partitioning}: they are kept in a temporary table of the
     * connection (spilled by DuckDB when large), then each part's rows go to {@code sink} under
     * their part number, every part with at least one payload (its schema). Returns the rows of all parts.
     */
    public long runPartitioned(DuckDBConnection connection, String sql, List<ArrowTable> inputs,
            HashPartitioning partitioning, HashPartitioning.PartSink sink, Cancellation cancellation)
            throws SQLException, IOException {
        onStatement(connection, sql, inputs, cancellation, statement -> {
            statement.execute("CREATE TEMPORARY TABLE " + SqlNames.quote(PARTITIONED_OUTPUT) + " AS " + sql);
            return 0;
        });
        long rows = 0;
        for (int part = 0; part < partitioning.parts(); part++) {
            int target = part;
            rows += run(connection, partitioning.selectPart(PARTITIONED_OUTPUT, part), List.of(),
                    payload -> sink.accept(target, payload), cancellation);
        }
        return rows;
    }

    /** What runs on a statement of the connection; returns the rows it produced. */
    @FunctionalInterface
    private interface StatementWork {
        long run(Statement statement) throws SQLException, IOException;
    }

    /**
     * Checks {@code sql} ({@link ClientSqlCheck}), registers {@code inputs}, and runs {@code work} on a
     * statement that {@code cancellation} interrupts; the error of an interrupted statement becomes
     * the cancellation's {@link WorkCancelledException}.
     */
    private long onStatement(DuckDBConnection connection, String sql, List<ArrowTable> inputs, Cancellation cancellation,
            StatementWork work) throws SQLException, IOException {
        ClientSqlCheck.check(connection, sql);
        try {
            for (ArrowTable input : inputs) {
                cancellation.throwIfCancelled();
                register(connection, input);
            }
            try (Statement statement = connection.createStatement();
                    Cancellation.Registration interrupt = cancellation.onCancel(() -> cancel(statement))) {
                cancellation.throwIfCancelled();
                return work.run(statement);
            }
        } catch (SQLException e) {
            cancellation.throwIfCancelled(); // DuckDB's "Interrupted!" of a cancelled statement
            throw e;
        }
    }

    private static void cancel(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB refused to interrupt the statement: " + e.getMessage(), e);
        }
    }

    /**
     * Copies {@code table} into a temporary table of the same name on {@code connection}: a small
     * one row by row with DuckDB's appender, a larger one as an Arrow stream DuckDB reads. Both
     * give the same table.
     */
    public void register(DuckDBConnection connection, ArrowTable table) throws SQLException, IOException {
        if (table.bytes() <= AppenderTableLoader.MAX_BYTES) {
            try (BufferAllocator inputAllocator = allocator.newChildAllocator("input-" + table.name(), 0, Long.MAX_VALUE)) {
                Schema schema = ArrowFrameDecoder.schemaOf(table.payloads().get(0), inputAllocator);
                Optional<AppenderTableLoader> loader = AppenderTableLoader.forSchema(schema);
                if (loader.isPresent()) {
                    try {
                        loader.get().load(connection, inputAllocator, table.name(), schema, table.payloads());
                        return;
                    } catch (SQLException e) {
                        // a value the appender refuses but DuckDB's Arrow import keeps (a HUGEINT beyond
                        // 38 digits arrives as DECIMAL(38,0)): start again with the stream
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("DROP TABLE IF EXISTS temp.main." + SqlNames.quote(table.name()));
                        }
                    }
                }
            }
        }
        registerStream(connection, table);
    }

    /** Copies {@code table} into a temporary table of the same name through an Arrow stream. */
    void registerStream(DuckDBConnection connection, ArrowTable table) throws SQLException, IOException {
        copyThroughStream(connection, table, "CREATE TEMPORARY TABLE " + SqlNames.quote(table.name()) + " AS SELECT * FROM ");
    }

    /**
     * Adds the rows of {@code table} to the temporary table of the same name that {@link #register}
     * created on {@code connection} (through an Arrow stream, which gives the types both ways of
     * registering give).
     */
    public void append(DuckDBConnection connection, ArrowTable table) throws SQLException, IOException {
        copyThroughStream(connection, table, "INSERT INTO temp.main." + SqlNames.quote(table.name()) + " SELECT * FROM ");
    }

    /** Runs {@code statementBeforeStream} followed by the name of an Arrow stream of {@code table}'s rows. */
    private void copyThroughStream(DuckDBConnection connection, ArrowTable table, String statementBeforeStream)
            throws SQLException, IOException {
        String streamName = table.name() + "_arrow_stream";
        try (BufferAllocator inputAllocator = allocator.newChildAllocator("input-" + table.name(), 0, Long.MAX_VALUE)) {
            Schema schema = ArrowFrameDecoder.schemaOf(table.payloads().get(0), inputAllocator);
            try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(inputAllocator)) {
                ArrowReader reader = new ConcatenatedArrowReader(inputAllocator, schema, table.payloads());
                try {
                    Data.exportArrayStream(inputAllocator, reader, stream);
                } catch (RuntimeException e) {
                    reader.close();
                    throw e;
                }
                // from here the exported stream owns the reader; DuckDB releases it after the scan
                connection.registerArrowStream(streamName, stream);
                try (Statement statement = connection.createStatement()) {
                    statement.execute(statementBeforeStream + SqlNames.quote(streamName));
                }
            }
        }
    }

}
