package io.gizmoedge.loading;

import io.gizmoedge.catalog.ColocationKey;
import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.Directories;
import io.gizmoedge.catalog.FileDigests;
import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.catalog.ShardHash;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.catalog.TableDistribution;
import io.gizmoedge.catalog.TablePlacement;
import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.engine.ParquetColumns;
import io.gizmoedge.engine.SqlNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a data statement as far as the files: the rows are placed on shards by the table's
 * declaration, written as zstd Parquet files named by their SHA-256 ({@link ShardFile#contentPath}) in the
 * shard directory (an append adds files, it never rewrites one), and the next catalog version is
 * returned. Nothing is published here: the caller writes the manifest, which is the commit point.
 * A failure leaves at most unreferenced files, which {@link #pruneUnreferenced} removes.
 */
public final class TableLoader {
    private static final Logger LOG = LoggerFactory.getLogger(TableLoader.class);
    /**
     * The directory, under the shard directory, of loads in progress; whatever is in it that no
     * running load holds (a crash's leftovers) is debris.
     */
    public static final String STAGING_DIRECTORY = ".staging";
    private static final String SHARD_COLUMN = "gizmo_shard";
    private static final String LIKE_GROUP_PREFIX = "like:";

    private final Path shardDirectory;
    private final DuckDbSettings stagingSettings;
    private final BufferAllocator allocator;
    private final ColumnProfiler profiler = new ColumnProfiler();
    /** Staging directories handed out and not yet discarded: a client's import fills one while other statements run. */
    private final Set<Path> liveStagingDirectories = ConcurrentHashMap.newKeySet();

    /** What a statement produced: the next catalog version and a line for the user. */
    public record Result(ShardManifest manifest, long rows, String message) {
    }

    public TableLoader(Path shardDirectory, DuckDbSettings stagingSettings, BufferAllocator allocator) {
        this.shardDirectory = shardDirectory.toAbsolutePath();
        this.stagingSettings = stagingSettings;
        this.allocator = allocator;
    }

    /** {@code CREATE TABLE name placement AS query}, or with column definitions and no rows. */
    public Result create(ShardManifest current, DataStatement.CreateTable statement, Optional<RowSource> source)
            throws LoadException {
        checkTarget(current, statement);
        String table = statement.table();
        try (Staging staging = new Staging()) {
            List<ColumnDefinition> columns;
            if (statement.columnDefinitions().isPresent()) {
                staging.execute("CREATE TABLE incoming (" + statement.columnDefinitions().get() + ")",
                        "the column definitions are not valid");
                columns = staging.describe("incoming");
            } else {
                RowSource rows = source.orElseThrow(() -> new IllegalArgumentException("CREATE TABLE AS needs rows"));
                columns = rows.describe();
                checkColumnNames(columns);
                rows.copyInto(staging.connection, "incoming", columns, allocator);
            }
            staging.mark("staged");
            columns = profiler.measure(staging.connection, "incoming", columns);
            staging.mark("measured");
            PlacedRows placed = place(current, table, statement.placement(), columns, staging);
            LOG.info("loaded {} rows for table {}: {}", placed.rows(), table, staging.phases());
            TableDefinition definition = new TableDefinition(table, statement.placement() instanceof TablePlacement.Replicated
                    ? TableDistribution.REPLICATED : TableDistribution.PARTITIONED, placed.keys(), columns, placed.rows(),
                    statement.placement());
            List<TableDefinition> tables = new ArrayList<>(replaceKeys(current.tables(), placed.parentKeyAdded()));
            tables.add(definition);
            ShardManifest next = withFiles(current, tables, placed.files());
            return new Result(next, placed.rows(), "created table " + table + " (" + rows(placed.rows()) + ", "
                    + statement.placement().describe() + ")");
        }
    }

    /**
     * The answer to a statement that has nothing to do: {@code CREATE TABLE IF NOT EXISTS} of a
     * table that exists (its rows are not read); empty when the statement is to be carried out.
     */
    public Optional<Result> nothingToDo(ShardManifest current, DataStatement statement) {
        if (statement instanceof DataStatement.CreateTable create && create.ifNotExists()
                && current.table(create.table()).isPresent()) {
            return Optional.of(new Result(current, 0, "table " + create.table() + " already exists; nothing changed"));
        }
        return Optional.empty();
    }

    /**
     * Refuses a CREATE TABLE of a table that exists and an INSERT INTO one that does not, before
     * any rows are read (the caller checks first, so that no file is fetched for nothing).
     */
    public void checkTarget(ShardManifest current, DataStatement statement) throws LoadException {
        if (statement instanceof DataStatement.CreateTable create && current.table(create.table()).isPresent()) {
            throw new LoadException("table " + create.table() + " already exists: DROP TABLE " + create.table()
                    + " first, or INSERT INTO " + create.table() + " to add rows");
        }
        if (statement instanceof DataStatement.InsertInto insert && current.table(insert.table()).isEmpty()) {
            throw new LoadException("table " + insert.table()
                    + " does not exist: create it first with CREATE TABLE " + insert.table() + " ... AS SELECT ...");
        }
    }

    private static String rows(long count) {
        return count + (count == 1 ? " row" : " rows");
    }

    /** {@code INSERT INTO table query}. */
    public Result insert(ShardManifest current, DataStatement.InsertInto statement, RowSource source) throws LoadException {
        checkTarget(current, statement);
        TableDefinition table = current.table(statement.table()).orElseThrow();
        try (Staging staging = new Staging()) {
            List<ColumnDefinition> given = source.describe();
            if (given.size() != table.columns().size()) {
                throw new LoadException("table " + table.name() + " has " + table.columns().size() + " columns but the query gives "
                        + given.size() + ": select them in the table's order (" + columnNames(table.columns()) + ")");
            }
            // the query's columns as they come, then renamed and cast to the table's
            source.copyInto(staging.connection, "raw_incoming", given, allocator);
            StringBuilder select = new StringBuilder();
            for (int i = 0; i < given.size(); i++) {
                select.append(i == 0 ? "" : ", ").append("CAST(").append(SqlNames.quote(given.get(i).name())).append(" AS ")
                        .append(table.columns().get(i).type()).append(") AS ").append(SqlNames.quote(table.columns().get(i).name()));
            }
            staging.execute("CREATE TABLE incoming AS SELECT " + select + " FROM raw_incoming",
                    "the rows do not fit table " + table.name());
            staging.mark("staged");
            List<ColumnDefinition> measured = profiler.measure(staging.connection, "incoming", table.columns());
            staging.mark("measured");
            PlacedRows placed = place(current, table.name(), table.placement(), table.columns(), staging);
            LOG.info("loaded {} rows for table {}: {}", placed.rows(), table.name(), staging.phases());
            List<TableDefinition> tables = new ArrayList<>();
            for (TableDefinition t : current.tables()) {
                tables.add(t.name().equals(table.name()) ? t.with(placed.keys(), t.rowCount() + placed.rows()).withColumns(measured) : t);
            }
            List<String> dropped = droppedGroups(table, placed.keys());
            tables = withoutGroups(tables, dropped);
            ShardManifest next = withFiles(current, tables, placed.files());
            String note = dropped.isEmpty() ? "" : "; the new rows break the co-location of " + String.join(", ", dropped)
                    + ", so joins on those columns no longer run on the workers";
            return new Result(next, placed.rows(), "inserted " + rows(placed.rows()) + " into " + table.name() + note);
        }
    }

    /**
     * {@code ANALYZE [table]}: the column statistics of the table (or of every table) measured again
     * from its rows in {@code tables} (the server's copy), replacing those folded in by earlier loads.
     */
    public Result analyze(ShardManifest current, DataStatement.Analyze statement, DuckDBConnection tables)
            throws LoadException {
        List<TableDefinition> targets = new ArrayList<>();
        if (statement.table().isPresent()) {
            targets.add(current.table(statement.table().get())
                    .orElseThrow(() -> LoadException.noSuchTable(statement.table().get())));
        } else {
            targets.addAll(current.tables());
        }
        if (targets.isEmpty()) {
            return new Result(current, 0, "there are no tables to analyze");
        }
        Map<String, TableDefinition> analyzed = new HashMap<>();
        for (TableDefinition table : targets) {
            List<ColumnDefinition> unmeasured = table.columns().stream()
                    .map(column -> new ColumnDefinition(column.name(), column.type())).toList();
            List<ColumnDefinition> measured = profiler.measure(tables, table.name(), unmeasured);
            if (measured == unmeasured) {
                throw new LoadException("the columns of " + table.name() + " could not be measured; the server log has"
                        + " the details, and the planner keeps the statistics it had");
            }
            analyzed.put(table.name(), table.withColumns(measured));
        }
        List<TableDefinition> next = current.tables().stream().map(t -> analyzed.getOrDefault(t.name(), t)).toList();
        return new Result(current.next(next, current.shards(), current.replicated()), 0, "analyzed "
                + String.join(", ", targets.stream().map(TableDefinition::name).toList()));
    }

    /** {@code DROP TABLE [IF EXISTS] table}. */
    public Result drop(ShardManifest current, DataStatement.DropTable statement) throws LoadException {
        Optional<TableDefinition> table = current.table(statement.table());
        if (table.isEmpty()) {
            if (statement.ifExists()) {
                return new Result(current, 0, "table " + statement.table() + " does not exist; nothing dropped");
            }
            throw LoadException.noSuchTable(statement.table());
        }
        for (TableDefinition other : current.tables()) {
            if (other.placement() instanceof TablePlacement.DistributedLike like && like.parent().equals(table.get().name())) {
                throw new LoadException("table " + other.name() + " is distributed like " + table.get().name()
                        + ": drop " + other.name() + " first");
            }
        }
        List<TableDefinition> tables = current.tables().stream().filter(t -> !t.name().equals(table.get().name())).toList();
        List<ShardBundle> shards = current.shards().stream().map(b -> new ShardBundle(b.id(),
                b.files().stream().filter(f -> !f.table().equals(table.get().name())).toList())).toList();
        ShardBundle replicated = new ShardBundle(ShardBundle.REPLICATED_ID,
                current.replicated().files().stream().filter(f -> !f.table().equals(table.get().name())).toList());
        return new Result(current.next(tables, shards, replicated), 0, "dropped table " + table.get().name());
    }

    /** A new, empty directory for one load's temporary files (downloads, for example); remove it with {@link #discard}. */
    public Path newStagingDirectory(String purpose) throws IOException {
        Path directory = shardDirectory.resolve(STAGING_DIRECTORY).resolve(purpose + "-" + UUID.randomUUID());
        liveStagingDirectories.add(directory);
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            liveStagingDirectories.remove(directory);
            throw e;
        }
    }

    /** Removes a staging directory and what it holds; a failure is only logged (the next prune retries). */
    public void discard(Path stagingDirectory) {
        deleteTree(stagingDirectory);
        liveStagingDirectories.remove(stagingDirectory);
    }

    /** Deletes shard files that {@code manifest} does not list, and any leftover staging directories. */
    public void pruneUnreferenced(ShardManifest manifest) {
        Set<String> referenced = new HashSet<>();
        manifest.shards().forEach(b -> b.files().forEach(f -> referenced.add(shardDirectory.resolve(f.path()).normalize().toString())));
        manifest.replicated().files().forEach(f -> referenced.add(shardDirectory.resolve(f.path()).normalize().toString()));
        deleteUnlisted(shardDirectory.resolve(ShardFile.DIRECTORY), referenced);
        deleteStagingDebris();
    }

    private void deleteStagingDebris() {
        Path staging = shardDirectory.resolve(STAGING_DIRECTORY);
        if (!Files.isDirectory(staging)) {
            return;
        }
        try (Stream<Path> entries = Files.list(staging)) {
            for (Path entry : entries.toList()) {
                if (!liveStagingDirectories.contains(entry)) {
                    deleteTree(entry);
                }
            }
        } catch (IOException e) {
            LOG.warn("could not clean {}: {}", staging, e.getMessage());
        }
    }

    // ---- placement -----------------------------------------------------------------------

    /** The incoming rows with their shard, written as files, and the keys the table then has. */
    private record PlacedRows(long rows, List<ColocationKey> keys, Map<Integer, ShardFile> files,
            Optional<ParentKey> parentKeyAdded) {
    }

    /** A co-location key to add to the parent of a LIKE table. */
    private record ParentKey(String parent, ColocationKey key) {
    }

    private PlacedRows place(ShardManifest current, String table, TablePlacement placement, List<ColumnDefinition> columns,
            Staging staging) throws LoadException {
        int shardCount = current.shardCount();
        List<ColocationKey> keys = new ArrayList<>();
        Optional<ParentKey> parentKey = Optional.empty();
        String shard;
        String from = "incoming";
        if (placement instanceof TablePlacement.Replicated) {
            shard = String.valueOf(ShardBundle.REPLICATED_ID);
        } else if (placement instanceof TablePlacement.DistributedBy by) {
            ColumnDefinition column = column(columns, by.column(), table);
            String group = hashGroup(column, table);
            keys.add(new ColocationKey(column.name(), group));
            shard = ShardHash.sqlExpression(SqlNames.quote(column.name()), column.type(), shardCount);
        } else {
            TablePlacement.DistributedLike like = (TablePlacement.DistributedLike) placement;
            TableDefinition parent = current.table(like.parent()).orElseThrow(() -> new LoadException(
                    "table " + like.parent() + " does not exist, so " + table + " cannot be distributed like it"));
            if (!parent.isPartitioned()) {
                throw new LoadException("table " + parent.name() + " is replicated: distribute " + table
                        + " BY a column, or make it REPLICATED too");
            }
            ColumnDefinition column = column(columns, like.column(), table);
            ColumnDefinition parentColumn = column(parent.columns(), like.parentColumn(), parent.name());
            String group = hashGroup(column, table);
            if (!group.equals(hashGroup(parentColumn, parent.name()))) {
                throw new LoadException(table + "." + column.name() + " (" + column.type() + ") and " + parent.name() + "."
                        + parentColumn.name() + " (" + parentColumn.type() + ") are not of matching types");
            }
            Optional<String> parentGroup = parent.colocationGroupOf(parentColumn.name());
            String keyGroup = parentGroup.orElse(LIKE_GROUP_PREFIX + parent.name() + "." + parentColumn.name());
            staging.execute("CREATE TABLE parent_shards AS " + shardsOfValues(current, parent, parentColumn),
                    "reading the shards of " + parent.name() + " failed");
            if (staging.count("SELECT count(*) FROM (SELECT k FROM parent_shards GROUP BY k HAVING count(*) > 1)") > 0) {
                throw new LoadException(parent.name() + "." + parentColumn.name() + " has equal values on several shards, so "
                        + table + " cannot follow it: use its distribution column or a unique column of " + parent.name());
            }
            if (parentGroup.isEmpty()) {
                parentKey = Optional.of(new ParentKey(parent.name(), new ColocationKey(parentColumn.name(), keyGroup)));
            }
            keys.add(new ColocationKey(column.name(), keyGroup));
            from = "incoming LEFT JOIN parent_shards ON incoming." + SqlNames.quote(column.name()) + " = parent_shards.k";
            shard = "COALESCE(parent_shards.s, " + ShardHash.sqlExpression("incoming." + SqlNames.quote(column.name()),
                    column.type(), shardCount) + ")";
        }
        // keys of other groups this table is in (a parent's like: group) stay, if the new rows keep them
        Optional<TableDefinition> existing = current.table(table);
        existing.ifPresent(t -> t.colocationKeys().stream().filter(k -> keys.stream().noneMatch(k::equals)).forEach(keys::add));
        staging.execute("CREATE TABLE placed AS SELECT incoming.*, " + shard + " AS " + SHARD_COLUMN + " FROM " + from,
                "placing the rows on shards failed");
        List<ColocationKey> kept = keptKeys(current, table, keys, staging);
        long rows = staging.count("SELECT count(*) FROM placed");
        staging.mark("placed");
        Map<Integer, ShardFile> files = writeFiles(table, columns, staging, current.version() + 1);
        staging.mark("written");
        return new PlacedRows(rows, kept, files, parentKey);
    }

    /** The keys whose co-location the placed rows keep; a like: group the new rows contradict is left out. */
    private List<ColocationKey> keptKeys(ShardManifest current, String table, List<ColocationKey> keys, Staging staging)
            throws LoadException {
        List<ColocationKey> kept = new ArrayList<>();
        for (ColocationKey key : keys) {
            if (!key.group().startsWith(LIKE_GROUP_PREFIX)) {
                kept.add(key); // a hash group holds by construction
                continue;
            }
            String column = SqlNames.quote(key.column());
            long split = staging.count("SELECT count(*) FROM (SELECT " + column + " FROM placed GROUP BY " + column
                    + " HAVING count(DISTINCT " + SHARD_COLUMN + ") > 1)");
            long conflicting = 0;
            for (TableDefinition other : current.tables()) {
                Optional<String> otherColumn = other.colocationKeys().stream().filter(k -> k.group().equals(key.group()))
                        .map(ColocationKey::column).findFirst();
                if (otherColumn.isEmpty() || current.filesOf(other.name()).isEmpty()) {
                    continue;
                }
                ColumnDefinition definition = other.column(otherColumn.get()).orElseThrow();
                conflicting += staging.count("SELECT count(*) FROM placed JOIN (" + shardsOfValues(current, other, definition)
                        + ") e ON placed." + column + " = e.k WHERE placed." + SHARD_COLUMN + " <> e.s");
            }
            if (split == 0 && conflicting == 0) {
                kept.add(key);
            } else {
                LOG.info("rows of {} break co-location group {}", table, key.group());
            }
        }
        return kept;
    }

    /** SQL giving (k, s): each distinct value of {@code column} in {@code table}'s files and the shard holding it. */
    private String shardsOfValues(ShardManifest current, TableDefinition table, ColumnDefinition column) {
        List<String> parts = new ArrayList<>();
        for (ShardBundle bundle : current.shards()) {
            List<Path> files = bundle.files().stream().filter(f -> f.table().equals(table.name()))
                    .map(f -> shardDirectory.resolve(f.path())).toList();
            if (!files.isEmpty()) {
                parts.add("SELECT DISTINCT CAST(" + SqlNames.quote(column.name()) + " AS " + column.type() + ") AS k, "
                        + bundle.id() + " AS s FROM read_parquet(" + ParquetColumns.pathList(files) + ")");
            }
        }
        if (parts.isEmpty()) {
            return "SELECT CAST(NULL AS " + column.type() + ") AS k, 0 AS s WHERE false";
        }
        return "SELECT DISTINCT k, s FROM (" + String.join(" UNION ALL ", parts) + ") WHERE k IS NOT NULL";
    }

    /**
     * Writes one file per shard that received rows. Each file carries, as Parquet key-value
     * metadata, the table, the catalog version it is written for and its shard, so that no two
     * loads ever produce the same bytes: files are named by their content, and the same rows
     * appended twice (or copied into a second table) must be two files, not one counted once.
     */
    private Map<Integer, ShardFile> writeFiles(String table, List<ColumnDefinition> columns, Staging staging, long version)
            throws LoadException {
        Map<Integer, ShardFile> files = new TreeMap<>();
        List<Integer> shards = new ArrayList<>();
        try (Statement statement = staging.connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DISTINCT " + SHARD_COLUMN + " FROM placed ORDER BY 1")) {
            while (rows.next()) {
                shards.add(rows.getInt(1));
            }
        } catch (SQLException e) {
            throw new LoadException(DuckDbErrors.oneLine(e), e);
        }
        try {
            Files.createDirectories(shardDirectory.resolve(ShardFile.DIRECTORY));
            for (int shard : shards) {
                Path temporary = staging.directory.resolve("shard-" + shard + ".parquet");
                staging.execute("COPY (SELECT " + ParquetColumns.writeList(columns) + " FROM placed WHERE " + SHARD_COLUMN
                        + " = " + shard + ") TO " + SqlNames.literal(temporary.toString()) + " (FORMAT parquet, COMPRESSION zstd,"
                        + " KV_METADATA {gizmo_edge_table: " + SqlNames.literal(table) + ", gizmo_edge_version: '" + version
                        + "', gizmo_edge_shard: '" + shard + "'})",
                        "writing the shard files failed");
                String sha256 = FileDigests.sha256(temporary);
                String relative = ShardFile.contentPath(sha256);
                Path target = shardDirectory.resolve(relative);
                long size = Files.size(temporary);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                files.put(shard, new ShardFile(table, relative, size, sha256));
            }
        } catch (IOException e) {
            throw new LoadException("writing the shard files failed: " + e.getMessage(), e);
        }
        return files;
    }

    // ---- manifest editing -------------------------------------------------------------------

    private static ShardManifest withFiles(ShardManifest current, List<TableDefinition> tables, Map<Integer, ShardFile> added) {
        List<ShardBundle> shards = new ArrayList<>();
        for (ShardBundle bundle : current.shards()) {
            ShardFile file = added.get(bundle.id());
            shards.add(file == null ? bundle : new ShardBundle(bundle.id(), append(bundle.files(), file)));
        }
        ShardFile replicatedFile = added.get(ShardBundle.REPLICATED_ID);
        ShardBundle replicated = replicatedFile == null ? current.replicated()
                : new ShardBundle(ShardBundle.REPLICATED_ID, append(current.replicated().files(), replicatedFile));
        return current.next(tables, shards, replicated);
    }

    private static List<ShardFile> append(List<ShardFile> files, ShardFile file) {
        List<ShardFile> all = new ArrayList<>(files);
        all.add(file);
        return all;
    }

    private static List<TableDefinition> replaceKeys(List<TableDefinition> tables, Optional<ParentKey> added) {
        if (added.isEmpty()) {
            return tables;
        }
        List<TableDefinition> result = new ArrayList<>();
        for (TableDefinition table : tables) {
            if (table.name().equals(added.get().parent())) {
                List<ColocationKey> keys = new ArrayList<>(table.colocationKeys());
                keys.add(added.get().key());
                result.add(table.with(keys, table.rowCount()));
            } else {
                result.add(table);
            }
        }
        return result;
    }

    private static List<String> droppedGroups(TableDefinition before, List<ColocationKey> after) {
        return before.colocationKeys().stream().filter(k -> !after.contains(k)).map(ColocationKey::group).toList();
    }

    /** Removes keys of {@code groups} from every table: nothing is co-located on them any more. */
    private static List<TableDefinition> withoutGroups(List<TableDefinition> tables, List<String> groups) {
        if (groups.isEmpty()) {
            return tables;
        }
        return tables.stream().map(t -> t.with(t.colocationKeys().stream().filter(k -> !groups.contains(k.group())).toList(),
                t.rowCount())).toList();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static ColumnDefinition column(List<ColumnDefinition> columns, String name, String table) throws LoadException {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElseThrow(() -> new LoadException(
                "column " + name + " does not exist in " + table + " (its columns: " + columnNames(columns) + ")"));
    }

    private static String hashGroup(ColumnDefinition column, String table) throws LoadException {
        return ShardHash.hashGroup(column.type()).orElseThrow(() -> new LoadException("rows cannot be distributed by "
                + table + "." + column.name() + ": values of type " + column.type()
                + " cannot be hashed (use an integer, text, date, timestamp, decimal or uuid column)"));
    }

    private static void checkColumnNames(List<ColumnDefinition> columns) throws LoadException {
        Set<String> names = new HashSet<>();
        for (ColumnDefinition column : columns) {
            if (!names.add(column.name().toLowerCase(Locale.ROOT))) {
                throw new LoadException("the query gives two columns named " + column.name() + ": name them apart with AS");
            }
        }
    }

    private static String columnNames(List<ColumnDefinition> columns) {
        return String.join(", ", columns.stream().map(ColumnDefinition::name).toList());
    }

    private static void deleteUnlisted(Path directory, Set<String> keep) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                if (!keep.contains(file.normalize().toString())) {
                    Files.deleteIfExists(file);
                    LOG.debug("pruned unreferenced shard file {}", file.getFileName());
                }
            }
        } catch (IOException e) {
            LOG.warn("could not prune {}: {}", directory, e.getMessage());
        }
    }

    private static void deleteTree(Path root) {
        try {
            Directories.deleteRecursively(root);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", root, e.getMessage());
        }
    }

    /** One statement's private, unlocked DuckDB and directory: only this class's SQL runs in it. */
    private final class Staging implements AutoCloseable {
        final Path directory;
        final DuckDBConnection connection;
        private final List<String> phases = new ArrayList<>();
        private long phaseStarted = System.nanoTime();

        /** Ends a phase of the load, for the log. */
        void mark(String phase) {
            long now = System.nanoTime();
            phases.add(phase + " in " + (now - phaseStarted) / 1_000_000 + " ms");
            phaseStarted = now;
        }

        String phases() {
            return String.join(", ", phases);
        }

        Staging() throws LoadException {
            try {
                directory = newStagingDirectory("load");
                connection = DuckDbDatabases.openInMemory(stagingSettings);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET temp_directory = " + SqlNames.literal(directory.resolve("spill").toString()));
                    statement.execute("SET preserve_insertion_order = false");
                }
            } catch (IOException | SQLException e) {
                throw new LoadException("cannot prepare the load: " + e.getMessage(), e);
            }
        }

        void execute(String sql, String what) throws LoadException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new LoadException(what + ": " + DuckDbErrors.oneLine(e), e);
            }
        }

        long count(String sql) throws LoadException {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            } catch (SQLException e) {
                throw new LoadException(DuckDbErrors.oneLine(e), e);
            }
        }

        List<ColumnDefinition> describe(String table) throws LoadException {
            List<ColumnDefinition> columns = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("DESCRIBE " + SqlNames.quote(table))) {
                while (rows.next()) {
                    columns.add(new ColumnDefinition(rows.getString("column_name"), rows.getString("column_type")));
                }
            } catch (SQLException e) {
                throw new LoadException(DuckDbErrors.oneLine(e), e);
            }
            return columns;
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the staging database failed: {}", e.getMessage());
            }
            discard(directory);
        }
    }
}
