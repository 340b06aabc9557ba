package io.gizmoedge.bootstrap;

import io.gizmoedge.bootstrap.TablePlacement.ShardRoute;
import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.FileDigests;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.engine.SqlNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes shard bundles as zstd Parquet from the full database: {@code shard-NNNN/<table>.parquet}
 * for each partitioned table and shard, {@code replicated/<table>.parquet} for each replicated
 * table. Each partitioned table is first copied once into a temporary table with its shard
 * column, sorted by shard, and checked to have exactly the rows of the original.
 */
public final class ShardWriter {
    public static final String STEP = "shard";
    public static final String REPLICATED_DIRECTORY = "replicated";

    private static final Logger LOG = LoggerFactory.getLogger(ShardWriter.class);

    private final Connection connection;
    private final Path shardDirectory;
    private final int shardCount;

    public ShardWriter(Connection connection, Path shardDirectory, int shardCount) {
        this.connection = connection;
        this.shardDirectory = shardDirectory;
        this.shardCount = shardCount;
    }

    /** The directory name of shard {@code id}: {@code shard-0000} .. {@code shard-0999}. */
    public static String shardDirectoryName(int id) {
        return String.format(Locale.ROOT, "shard-%04d", id);
    }

    /** Writes every shard; returns the bundles 0..S-1 in order. */
    public List<ShardBundle> writeShards(List<TablePlacement> placements, ProgressListener listener)
            throws SQLException, IOException {
        List<List<ShardFile>> files = new ArrayList<>();
        for (int i = 0; i < shardCount; i++) {
            Files.createDirectories(shardDirectory.resolve(shardDirectoryName(i)));
            files.add(new ArrayList<>());
        }
        for (TablePlacement placement : placements) {
            if (!placement.isPartitioned()) {
                continue;
            }
            long start = System.nanoTime();
            long rows = writePartitioned(placement, files);
            listener.tableFinished(STEP, placement.table(), rows, Duration.ofNanos(System.nanoTime() - start));
        }
        List<ShardBundle> bundles = new ArrayList<>();
        for (int i = 0; i < shardCount; i++) {
            bundles.add(new ShardBundle(i, files.get(i)));
        }
        return bundles;
    }

    /** Writes the bundle of replicated tables. */
    public ShardBundle writeReplicated(List<TablePlacement> placements, ProgressListener listener)
            throws SQLException, IOException {
        Files.createDirectories(shardDirectory.resolve(REPLICATED_DIRECTORY));
        List<ShardFile> files = new ArrayList<>();
        for (TablePlacement placement : placements) {
            if (placement.isPartitioned()) {
                continue;
            }
            long start = System.nanoTime();
            String relative = REPLICATED_DIRECTORY + "/" + placement.table() + ".parquet";
            long rows = copyToParquet("SELECT * FROM " + placement.table(), relative);
            files.add(shardFile(placement.table(), relative));
            listener.tableFinished(STEP, placement.table(), rows, Duration.ofNanos(System.nanoTime() - start));
        }
        return new ShardBundle(ShardBundle.REPLICATED_ID, files);
    }

    private long writePartitioned(TablePlacement placement, List<List<ShardFile>> files)
            throws SQLException, IOException {
        String table = placement.table();
        String staging = "gizmo_staging_" + table;
        execute(connection, "CREATE OR REPLACE TEMP TABLE " + staging + " AS " + placement.route().sql(shardCount)
                + " ORDER BY " + ShardRoute.SHARD_COLUMN);
        try {
            long expected = DuckDbCatalogReader.rowCount(connection, table);
            long staged = DuckDbCatalogReader.rowCount(connection, staging);
            if (staged != expected) {
                throw new IllegalStateException("sharding " + table + " would " + (staged < expected ? "lose " : "duplicate ")
                        + Math.abs(expected - staged) + " of " + expected
                        + " rows: its shard route must yield each row exactly once (" + placement.route().from() + ")");
            }
            long written = 0;
            for (int i = 0; i < shardCount; i++) {
                String relative = shardDirectoryName(i) + "/" + table + ".parquet";
                written += copyToParquet("SELECT * EXCLUDE (" + ShardRoute.SHARD_COLUMN + ") FROM " + staging
                        + " WHERE " + ShardRoute.SHARD_COLUMN + " = " + i, relative);
                files.get(i).add(shardFile(table, relative));
            }
            if (written != expected) {
                throw new IllegalStateException("wrote " + written + " rows of " + table + " to shards, expected " + expected);
            }
            LOG.debug("wrote {} rows of {} into {} shards", written, table, shardCount);
            return written;
        } finally {
            execute(connection, "DROP TABLE IF EXISTS " + staging);
        }
    }

    private long copyToParquet(String query, String relativePath) throws SQLException {
        Path target = shardDirectory.resolve(relativePath);
        String sql = "COPY (" + query + ") TO " + SqlNames.literal(target.toAbsolutePath().toString())
                + " (FORMAT parquet, COMPRESSION zstd)";
        try (Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
                try (ResultSet rs = statement.getResultSet()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
            }
            return statement.getUpdateCount();
        }
    }

    private ShardFile shardFile(String table, String relativePath) throws IOException {
        Path file = shardDirectory.resolve(relativePath);
        return new ShardFile(table, relativePath, Files.size(file), FileDigests.sha256(file));
    }

    /** Runs one statement whose result, if any, is not needed. */
    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
