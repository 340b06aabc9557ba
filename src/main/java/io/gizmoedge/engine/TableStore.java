package io.gizmoedge.engine;

import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.catalog.TableDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's tables in one DuckDB database file, built from shard Parquet files: each table holds the
 * rows of the files it is given, and remembers which files those were, so that a new catalog
 * version loads only the files it adds (a table that loses files is rebuilt). Data stays on disk
 * and is read through DuckDB's buffer manager, so a node may hold more than its memory.
 *
 * <p>The database is locked down when opened: client SQL that reaches it can read no file and
 * change no setting. Shard files are read by a second, private in-memory DuckDB and handed over
 * as Arrow streams (DuckDB's lossless Arrow conversion keeps HUGEINT, UUID and the like exact).
 */
public final class TableStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TableStore.class);
    private static final String BOOKKEEPING = "gizmo_internal.loaded_files";
    private static final int BATCH_ROWS = 64 * 1024;

    private final DuckDBConnection database;
    private final DuckDBConnection reader;
    private final BufferAllocator allocator;
    private final Object changes = new Object();
    private final PrivatePaths.Registration hidden;

    /** A table as the store should hold it: its columns and the sha-256 names of its files. */
    public record StoredTable(String name, List<ColumnDefinition> columns, List<String> files) {
        public StoredTable {
            Objects.requireNonNull(name, "name");
            columns = List.copyOf(columns);
            files = List.copyOf(files);
        }
    }

    private TableStore(DuckDBConnection database, DuckDBConnection reader, BufferAllocator allocator,
            PrivatePaths.Registration hidden) {
        this.database = database;
        this.reader = reader;
        this.allocator = allocator;
        this.hidden = hidden;
    }

    /**
     * Opens (or creates) the store in {@code file}; the caller closes it. Its DuckDBs spill into the
     * settings' temporary directory, by default {@code tmp} next to {@code file} (the node's data
     * directory), which is created and cleared of what stopped processes left. While the store is
     * open, DuckDB errors show these directories as placeholders ({@link PrivatePaths}).
     */
    public static TableStore open(Path file, DuckDbSettings settings, BufferAllocator allocator) throws SQLException {
        Path dataDirectory = file.toAbsolutePath().normalize().getParent();
        TemporaryDirectory temporary = new TemporaryDirectory(
                settings.temporaryDirectory().orElse(TemporaryDirectory.in(dataDirectory).root()));
        DuckDbSettings spilling = settings.withDefaultTemporaryDirectory(temporary.root());
        try {
            Files.createDirectories(dataDirectory);
            temporary.prepare();
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the directories of " + file + ": " + e.getMessage(), e);
        }
        DuckDBConnection database = DuckDbDatabases.openFile(file, spilling);
        DuckDBConnection reader = null;
        PrivatePaths.Registration hidden = PrivatePaths.hide(placeholders(dataDirectory, temporary));
        try {
            try (Statement statement = database.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS gizmo_internal");
                statement.execute("CREATE TABLE IF NOT EXISTS " + BOOKKEEPING + " (table_name VARCHAR, sha256 VARCHAR)");
            }
            logSettings(file, database);
            DuckDbDatabases.lockDown(database);
            reader = DuckDbDatabases.openInMemory(spilling.withThreads(1));
            try (Statement statement = reader.createStatement()) {
                statement.execute("SET arrow_lossless_conversion = true");
            }
            return new TableStore(database, reader, allocator, hidden);
        } catch (SQLException e) {
            hidden.close();
            database.close();
            if (reader != null) {
                reader.close();
            }
            throw e;
        }
    }

    /** The node's directories as clients may see them in error texts. */
    private static Map<Path, String> placeholders(Path dataDirectory, TemporaryDirectory temporary) {
        Map<Path, String> placeholders = new LinkedHashMap<>();
        placeholders.put(dataDirectory, "<data directory>");
        placeholders.put(temporary.root(), "<temporary directory>");
        placeholders.put(Path.of(System.getProperty("user.home"), ".duckdb"), "<duckdb home>");
        return placeholders;
    }

    /** Logs what bounds the store's DuckDB, as DuckDB reports it: an operator checks the limits here. */
    private static void logSettings(Path file, DuckDBConnection database) throws SQLException {
        try (Statement statement = database.createStatement();
                ResultSet settings = statement.executeQuery("SELECT current_setting('memory_limit'),"
                        + " current_setting('threads'), current_setting('temp_directory')")) {
            settings.next();
            LOG.info("DuckDB of {}: memory_limit {}, threads {}, temp_directory {}", file.toAbsolutePath().normalize(),
                    settings.getString(1), settings.getString(2), settings.getString(3));
        }
    }

    /** Every table of {@code manifest} with all its files: what a full copy of the catalog holds. */
    private static List<StoredTable> storedTables(ShardManifest manifest) {
        List<StoredTable> tables = new ArrayList<>();
        for (TableDefinition table : manifest.tables()) {
            tables.add(new StoredTable(table.name(), table.columns(),
                    manifest.filesOf(table.name()).stream().map(ShardFile::sha256).toList()));
        }
        return tables;
    }

    /**
     * Writes a single-node DuckDB database file with every table of the manifest at {@code manifestFile}
     * (the reference answers are computed on it), unless it exists for this manifest; returns its path.
     * The name holds the manifest's digest as well as its version: a new bootstrap starts the versions
     * again, and must not be compared with the copy of an earlier catalog.
     */
    public static Path singleNodeCopy(Path manifestFile) throws SQLException, java.io.IOException {
        ShardManifest manifest = ManifestFile.read(manifestFile);
        Path directory = manifestFile.toAbsolutePath().getParent();
        java.security.MessageDigest sha256 = io.gizmoedge.catalog.FileDigests.newSha256();
        sha256.update(ManifestFile.toJson(manifest).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String digest = io.gizmoedge.catalog.FileDigests.hex(sha256).substring(0, 16);
        Path copy = directory.resolveSibling("single-node-v" + manifest.version() + "-" + digest + ".duckdb");
        if (Files.isRegularFile(copy)) {
            return copy;
        }
        Path building = directory.resolveSibling(copy.getFileName() + ".building");
        Files.deleteIfExists(building);
        try (org.apache.arrow.memory.RootAllocator allocator = new org.apache.arrow.memory.RootAllocator();
                TableStore store = open(building, DuckDbSettings.DEFAULT, allocator);
                Change change = store.prepare(manifest, directory)) {
            change.commit();
        }
        Files.move(building, copy, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return copy;
    }

    /**
     * A new connection for one query, inside a transaction: nothing it does is visible to others
     * until it commits, and closing it without a commit undoes it. Client SQL never commits, so it
     * cannot change the tables. The caller closes it.
     */
    public DuckDBConnection newConnection() throws SQLException {
        DuckDBConnection connection = database.duplicate();
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * The memory the store's DuckDB buffer manager holds now, in bytes: the sum of
     * {@code duckdb_memory()} over its tags (table data, hash tables, sorts and the rest), which
     * reads the buffer manager's counters. It runs on a connection of its own in auto-commit, so it
     * takes no lock a stage holds and leaves no transaction open.
     */
    public long memoryInUseBytes() throws SQLException {
        try (DuckDBConnection connection = database.duplicate();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT CAST(coalesce(sum(memory_usage_bytes), 0) AS BIGINT) FROM duckdb_memory()")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The number of rows of the Parquet file {@code file}, from its footer (nothing else is read). */
    public long parquetRowCount(Path file) throws SQLException {
        try (DuckDBConnection connection = reader.duplicate();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT sum(num_rows) FROM parquet_file_metadata("
                        + SqlNames.literal(file.toAbsolutePath().toString()) + ")")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Prepares the store to hold exactly the tables of {@code manifest}, whose files are under {@code shardDirectory}. */
    public Change prepare(ShardManifest manifest, Path shardDirectory) throws SQLException {
        return prepare(storedTables(manifest), sha256 -> shardDirectory.resolve(ShardFile.contentPath(sha256)));
    }

    /**
     * Loads what {@code tables} need in one transaction that is not committed yet: tables not listed
     * are dropped, new files are appended, a table whose columns changed or that lost files is
     * rebuilt. Queries keep seeing the old contents until {@link Change#commit()}.
     *
     * @param fileLocator the local path of a file, by sha-256
     */
    public Change prepare(List<StoredTable> tables, Function<String, Path> fileLocator) throws SQLException {
        synchronized (changes) {
            DuckDBConnection connection = newConnection();
            try {
                Map<String, Set<String>> loaded = loadedFiles(connection);
                Map<String, String> existing = existingTables(connection);
                Set<String> wanted = new HashSet<>();
                int filesLoaded = 0;
                for (StoredTable table : tables) {
                    wanted.add(table.name());
                    Set<String> have = loaded.getOrDefault(table.name(), Set.of());
                    boolean rebuild = !existing.containsKey(table.name())
                            || !existing.get(table.name()).equals(signature(table.columns()))
                            || !table.files().containsAll(have);
                    if (rebuild) {
                        execute(connection, "DROP TABLE IF EXISTS main." + SqlNames.quote(table.name()));
                        execute(connection, "DELETE FROM " + BOOKKEEPING + " WHERE table_name = " + SqlNames.literal(table.name()));
                        execute(connection, "CREATE TABLE main." + SqlNames.quote(table.name()) + " (" + definitions(table.columns()) + ")");
                        have = Set.of();
                    }
                    for (String file : new java.util.LinkedHashSet<>(table.files())) {
                        if (!have.contains(file)) {
                            append(connection, table, fileLocator.apply(file));
                            execute(connection, "INSERT INTO " + BOOKKEEPING + " VALUES (" + SqlNames.literal(table.name())
                                    + ", " + SqlNames.literal(file) + ")");
                            filesLoaded++;
                        }
                    }
                }
                for (String table : existing.keySet()) {
                    if (!wanted.contains(table)) {
                        execute(connection, "DROP TABLE main." + SqlNames.quote(table));
                        execute(connection, "DELETE FROM " + BOOKKEEPING + " WHERE table_name = " + SqlNames.literal(table));
                    }
                }
                LOG.debug("prepared {} tables, {} files loaded", tables.size(), filesLoaded);
                return new Change(connection, filesLoaded);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
    }

    /** A prepared change: {@link #commit()} makes it visible to new queries; closing without commit undoes it. */
    public final class Change implements AutoCloseable {
        private final DuckDBConnection connection;
        private final int filesLoaded;
        private boolean done;

        private Change(DuckDBConnection connection, int filesLoaded) {
            this.connection = connection;
            this.filesLoaded = filesLoaded;
        }

        /** How many files this change loaded. */
        public int filesLoaded() {
            return filesLoaded;
        }

        public void commit() throws SQLException {
            connection.commit();
            done = true;
            connection.close();
            if (filesLoaded > 0) {
                try (Statement statement = database.createStatement()) {
                    statement.execute("CHECKPOINT");
                } catch (SQLException e) {
                    LOG.debug("checkpoint after loading skipped: {}", e.getMessage());
                }
            }
        }

        @Override
        public void close() throws SQLException {
            if (!done) {
                try {
                    connection.rollback();
                } finally {
                    done = true;
                    connection.close();
                }
            }
        }
    }

    private void append(DuckDBConnection connection, StoredTable table, Path file) throws SQLException {
        String stream = "gizmo_load_stream";
        try (BufferAllocator loadAllocator = allocator.newChildAllocator("load-" + table.name(), 0, Long.MAX_VALUE);
                Statement read = reader.createStatement();
                DuckDBResultSet rows = (DuckDBResultSet) read.executeQuery(
                        "SELECT * FROM read_parquet(" + SqlNames.literal(file.toAbsolutePath().toString()) + ")");
                ArrowArrayStream arrowStream = ArrowArrayStream.allocateNew(loadAllocator)) {
            ArrowReader arrow = (ArrowReader) rows.arrowExportStream(loadAllocator, BATCH_ROWS);
            Data.exportArrayStream(loadAllocator, arrow, arrowStream);
            connection.registerArrowStream(stream, arrowStream);
            execute(connection, "INSERT INTO main." + SqlNames.quote(table.name()) + " SELECT "
                    + ParquetColumns.readList(table.columns()) + " FROM " + stream);
        }
    }

    private static Map<String, Set<String>> loadedFiles(DuckDBConnection connection) throws SQLException {
        Map<String, Set<String>> loaded = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT table_name, sha256 FROM " + BOOKKEEPING)) {
            while (rows.next()) {
                loaded.computeIfAbsent(rows.getString(1), t -> new HashSet<>()).add(rows.getString(2));
            }
        }
        return loaded;
    }

    /** The tables of schema main with their column signature (names and types). */
    private static Map<String, String> existingTables(DuckDBConnection connection) throws SQLException {
        Map<String, List<ColumnDefinition>> columns = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns"
                        + " WHERE table_schema = 'main' AND table_catalog = current_database() ORDER BY table_name, ordinal_position")) {
            while (rows.next()) {
                columns.computeIfAbsent(rows.getString(1), t -> new ArrayList<>())
                        .add(new ColumnDefinition(rows.getString(2), rows.getString(3)));
            }
        }
        Map<String, String> signatures = new HashMap<>();
        columns.forEach((table, list) -> signatures.put(table, signature(list)));
        return signatures;
    }

    private static String signature(List<ColumnDefinition> columns) {
        return columns.stream().map(c -> c.name() + " " + c.type()).reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static String definitions(List<ColumnDefinition> columns) {
        return columns.stream().map(c -> SqlNames.quote(c.name()) + " " + c.type())
                .reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    private static void execute(DuckDBConnection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            reader.close();
        } finally {
            try {
                database.close();
            } finally {
                hidden.close();
            }
        }
    }
}
