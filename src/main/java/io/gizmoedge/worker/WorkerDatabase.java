package io.gizmoedge.worker;

import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.engine.TableStore;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;

/**
 * The worker's tables: a {@link TableStore} in the worker's data directory holding, for every table
 * of the catalog, the rows of the shard files the worker is assigned. It survives restarts; a new
 * assignment loads only the files it adds. Stages run in transactions that are never committed.
 */
final class WorkerDatabase implements AutoCloseable {
    private static final int MAX_STORES = 64;

    private final TableStore store;

    private WorkerDatabase(TableStore store) {
        this.store = store;
    }

    /**
     * Opens the first store file in {@code dataDirectory} that no other worker process holds
     * ({@code tables-0.duckdb}, {@code tables-1.duckdb}, ...), so workers may share a data directory.
     */
    static WorkerDatabase open(Path dataDirectory, DuckDbSettings settings, BufferAllocator allocator) throws SQLException {
        SQLException last = null;
        for (int i = 0; i < MAX_STORES; i++) {
            try {
                return new WorkerDatabase(TableStore.open(dataDirectory.resolve("tables-" + i + ".duckdb"), settings, allocator));
            } catch (SQLException e) {
                if (e.getMessage() == null || !e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("lock")) {
                    throw e;
                }
                last = e;
            }
        }
        throw new SQLException("every table store in " + dataDirectory + " is in use by another worker", last);
    }

    /** Loads the tables of an assignment without making them visible yet. */
    TableStore.Change prepare(List<TableDefinition> tables, List<ShardBundle> bundles, Function<String, Path> cachedFile)
            throws SQLException {
        List<TableStore.StoredTable> stored = new ArrayList<>();
        for (TableDefinition table : tables) {
            List<String> files = new ArrayList<>();
            for (ShardBundle bundle : bundles) {
                bundle.files().stream().filter(f -> f.table().equals(table.name())).map(ShardFile::sha256).forEach(files::add);
            }
            stored.add(new TableStore.StoredTable(table.name(), table.columns(), files));
        }
        return store.prepare(stored, cachedFile);
    }

    /** A new connection for one stage, in a transaction that is rolled back when it closes. */
    DuckDBConnection newConnection() throws SQLException {
        return store.newConnection();
    }

    /** The memory the tables' DuckDB holds now, measured on a connection of its own ({@link TableStore#memoryInUseBytes}). */
    long memoryInUseBytes() throws SQLException {
        return store.memoryInUseBytes();
    }

    @Override
    public void close() throws SQLException {
        store.close();
    }
}
