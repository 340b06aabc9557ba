package io.gizmoedge.client;

import io.gizmoedge.engine.ArrowFrameEncoder;
import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.DuckDbSettings;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * The rows of local files for an {@code .import}, read by an in-memory DuckDB in the client with
 * the reader the files' extension names and DuckDB's default options, in batches of at most
 * {@value #BATCH_ROWS} rows. The files are listed and their columns read when it opens, so that a
 * path matching nothing or an unreadable file fails before anything is sent.
 */
public final class LocalFileRows implements ImportRows, AutoCloseable {
    static final int BATCH_ROWS = 64 * 1024;

    private final String path;
    private final DuckDBConnection duckdb;
    private final ImportFiles files;
    private final ImportProgress progress;

    private LocalFileRows(String path, DuckDBConnection duckdb, ImportFiles files, ImportProgress progress) {
        this.path = path;
        this.duckdb = duckdb;
        this.files = files;
        this.progress = progress;
    }

    /**
     * Lists the files at {@code path} (a file or a glob) and reads their columns.
     *
     * @throws QueryFailedException when nothing matches, the format is unknown or the files cannot be read
     */
    public static LocalFileRows open(String path, ImportProgress progress) throws QueryFailedException {
        Objects.requireNonNull(progress, "progress");
        DuckDBConnection duckdb;
        try {
            duckdb = DuckDbDatabases.openInMemory(DuckDbSettings.DEFAULT);
        } catch (SQLException e) {
            throw new QueryFailedException("cannot start the client's DuckDB to read the files: " + DuckDbErrors.oneLine(e));
        }
        try {
            try (Statement statement = duckdb.createStatement()) {
                // types such as UUID travel as themselves, as the server's own loads keep them
                statement.execute("SET arrow_lossless_conversion = true");
            }
            ImportFiles files = ImportFiles.resolve(path, duckdb);
            try (Statement statement = duckdb.createStatement();
                    ResultSet ignored = statement.executeQuery("DESCRIBE " + files.query())) {
                // reading the columns checks that the files are readable in that format
            }
            return new LocalFileRows(path, duckdb, files, progress);
        } catch (SQLException e) {
            close(duckdb);
            throw new QueryFailedException(cannotRead(path, e));
        } catch (QueryFailedException | RuntimeException e) {
            close(duckdb);
            throw e;
        }
    }

    /** The files that will be read. */
    public ImportFiles files() {
        return files;
    }

    @Override
    public long writeTo(long maxPayloadBytes, PayloadSink sink) throws QueryFailedException, IOException {
        ArrowFrameEncoder encoder = new ArrowFrameEncoder(maxPayloadBytes);
        long[] bytes = {0};
        PayloadSink counting = payload -> {
            try {
                sink.accept(payload);
            } catch (IOException e) {
                throw new SinkFailed(e);
            }
            bytes[0] += payload.length;
        };
        long rows = 0;
        progress.start();
        try (BufferAllocator allocator = new RootAllocator();
                Statement statement = duckdb.createStatement();
                DuckDBResultSet result = (DuckDBResultSet) statement.executeQuery(files.query());
                ArrowReader reader = (ArrowReader) result.arrowExportStream(allocator, BATCH_ROWS)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            boolean sentAny = false;
            while (nextBatch(reader)) {
                if (root.getRowCount() == 0 && sentAny) {
                    continue;
                }
                encoder.encodeBatch(root, counting);
                sentAny = true;
                rows += root.getRowCount();
                progress.update(rows, bytes[0]);
            }
            if (!sentAny) {
                root.setRowCount(0);
                encoder.encodeBatch(root, counting); // the schema alone: the table has no rows to add but its columns
            }
        } catch (SinkFailed e) {
            progress.abandon();
            throw e.getCause();
        } catch (SQLException e) {
            progress.abandon();
            throw new QueryFailedException(cannotRead(path, e));
        } catch (IOException e) {
            progress.abandon(); // the encoder's: a row larger than a message
            throw new QueryFailedException("cannot send the rows of '" + path + "': " + e.getMessage());
        } catch (QueryFailedException | RuntimeException e) {
            progress.abandon();
            throw e;
        }
        progress.finish(rows, bytes[0]);
        return rows;
    }

    /** A failure of the sink (the connection), told apart from the encoder's own. */
    private static final class SinkFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkFailed(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** Loads the next batch; a failure here is the files', not the connection's. */
    private boolean nextBatch(ArrowReader reader) throws QueryFailedException {
        try {
            return reader.loadNextBatch();
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
            int newline = message.indexOf('\n');
            throw new QueryFailedException("cannot read '" + path + "': " + (newline < 0 ? message : message.substring(0, newline))
                    + "; nothing changed");
        }
    }

    private static String cannotRead(String path, SQLException e) {
        return "cannot read '" + path + "': " + DuckDbErrors.oneLine(e) + "; nothing changed";
    }

    @Override
    public void close() {
        close(duckdb);
    }

    private static void close(DuckDBConnection duckdb) {
        try {
            duckdb.close();
        } catch (SQLException e) {
            // nothing is left to release
        }
    }
}
