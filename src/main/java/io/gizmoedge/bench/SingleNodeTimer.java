package io.gizmoedge.bench;

import io.gizmoedge.demo.Answer;
import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * Single-node DuckDB on the full database, in this JVM over JDBC: the yardstick. Each timed run
 * reads every batch of the answer through Arrow, as the cluster's client does.
 */
public final class SingleNodeTimer implements AutoCloseable {
    private static final int BATCH_ROWS = 64 * 1024;

    private final DuckDBConnection connection;
    private final BufferAllocator allocator = new RootAllocator();

    /** Times queries on single-node DuckDB over a copy of every table of the manifest at {@code manifestFile}. */
    public SingleNodeTimer(Path manifestFile, int threads) throws SQLException, java.io.IOException {
        this.connection = DuckDbDatabases.openReadOnly(io.gizmoedge.engine.TableStore.singleNodeCopy(manifestFile),
                new DuckDbSettings(threads, Optional.empty()));
    }

    /** Wall time in milliseconds from executing {@code sql} to having loaded the answer's last Arrow batch. */
    public double time(String sql) throws SQLException, IOException {
        long started = System.nanoTime();
        try (BufferAllocator child = allocator.newChildAllocator("single-node", 0, Long.MAX_VALUE);
                Statement statement = connection.createStatement();
                DuckDBResultSet result = (DuckDBResultSet) statement.executeQuery(sql);
                ArrowReader reader = (ArrowReader) result.arrowExportStream(child, BATCH_ROWS)) {
            while (reader.loadNextBatch()) {
                reader.getVectorSchemaRoot().getRowCount();
            }
        }
        return (System.nanoTime() - started) / 1e6;
    }

    /** The answer to {@code sql}, for comparison with the cluster's. */
    public Answer answer(String sql) throws SQLException, IOException {
        return Answer.query(connection, sql, allocator);
    }

    /** DuckDB's version string, for the report. */
    public String duckDbVersion() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT version()")) {
            return result.next() ? result.getString(1) : "unknown";
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
        allocator.close();
    }
}
