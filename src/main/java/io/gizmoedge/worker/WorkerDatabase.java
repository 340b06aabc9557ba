package io.gizmoedge.worker;

import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.engine.SqlNames;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * The worker's DuckDB for one assignment: every table of its bundles loaded into memory (the
 * rows of all its shards together form one table), checkpointed, then locked down before any
 * stage runs.
 */
final class WorkerDatabase implements AutoCloseable {
    private final DuckDBConnection connection;

    private WorkerDatabase(DuckDBConnection connection) {
        this.connection = connection;
    }

    /** Loads the bundles' files (already verified in the cache) into a new database. */
    static WorkerDatabase load(List<ShardBundle> bundles, Function<String, Path> cachedFile,
            DuckDbSettings settings) throws SQLException {
        Map<String, List<Path>> filesByTable = new LinkedHashMap<>();
        for (ShardBundle bundle : bundles) {
            for (ShardFile file : bundle.files()) {
                filesByTable.computeIfAbsent(file.table(), t -> new java.util.ArrayList<>()).add(cachedFile.apply(file.sha256()));
            }
        }
        DuckDBConnection connection = DuckDbDatabases.openInMemory(settings);
        try (Statement statement = connection.createStatement()) {
            for (Map.Entry<String, List<Path>> table : filesByTable.entrySet()) {
                String files = table.getValue().stream()
                        .map(p -> SqlNames.literal(p.toAbsolutePath().toString()))
                        .collect(Collectors.joining(", ", "[", "]"));
                statement.execute("CREATE TABLE " + SqlNames.quote(table.getKey()) + " AS SELECT * FROM read_parquet(" + files + ")");
            }
            // Freshly appended rows stay in DuckDB's in-memory append format until a checkpoint
            // turns them into finished, compressed row groups; scans of those run about twice as
            // fast (Q1 over half of SF 1 on one thread: 187 ms before, 76 ms after).
            statement.execute("CHECKPOINT");
            DuckDbDatabases.lockDown(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new WorkerDatabase(connection);
    }

    /** A new connection for one stage; the caller closes it. */
    DuckDBConnection newConnection() throws SQLException {
        return connection.duplicate();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
