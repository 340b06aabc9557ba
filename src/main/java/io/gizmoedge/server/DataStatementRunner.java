package io.gizmoedge.server;

import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.ColumnStatistics;
import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.DuckDbQueryRunner;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.engine.SqlNames;
import io.gizmoedge.engine.TableStore;
import io.gizmoedge.engine.TextTableEncoder;
import io.gizmoedge.loading.DataStatement;
import io.gizmoedge.loading.FileSources;
import io.gizmoedge.loading.LoadException;
import io.gizmoedge.loading.RowSource;
import io.gizmoedge.loading.TableLoader;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.security.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the statements about tables: CREATE TABLE, INSERT INTO and DROP TABLE (admin only,
 * one at a time; CREATE and INSERT also with rows a client sent, see {@link ClientImport}), SHOW
 * TABLES and DESCRIBE. A change writes its shard files, loads them into the server's copy without
 * committing, then publishes: the manifest is renamed into place (the commit
 * point: a crash before it leaves the old version whole), the server's copy commits, and the
 * workers are told to follow. A statement that fails changes nothing.
 */
final class DataStatementRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DataStatementRunner.class);
    private static final List<String> SHOW_TABLES_COLUMNS = List.of("name", "distribution", "rows");
    private static final List<String> SHOW_STATS_COLUMNS = List.of("column_name", "type", "distinct_values_approx",
            "null_values", "low_value", "high_value");

    private final CatalogVersions versions;
    private final TableStore store;
    private final ServerDatabase database;
    private final TableLoader loader;
    private final FileSources files;
    private final WorkerPool workers;
    private final Path manifestFile;
    private final DuckDbSettings importSettings;
    private final DuckDbQueryRunner queryRunner;
    private final TextTableEncoder textTables;
    private final Object changes = new Object();

    DataStatementRunner(CatalogVersions versions, TableStore store, ServerDatabase database, TableLoader loader,
            FileSources files, WorkerPool workers, Path manifestFile, DuckDbSettings importSettings,
            DuckDbQueryRunner queryRunner, TextTableEncoder textTables) {
        this.versions = versions;
        this.store = store;
        this.database = database;
        this.loader = loader;
        this.files = files;
        this.workers = workers;
        this.manifestFile = manifestFile;
        this.importSettings = importSettings;
        this.queryRunner = queryRunner;
        this.textTables = textTables;
    }

    ExecutionSummary run(DataStatement statement, Role role, PayloadSink sink) throws QueryFailure, IOException {
        long started = System.nanoTime();
        if (statement instanceof DataStatement.ShowTables) {
            ShardManifest manifest = versions.current().manifest();
            List<List<String>> rows = new ArrayList<>();
            for (TableDefinition table : manifest.tables()) {
                rows.add(List.of(table.name(), table.placement().describe(), String.valueOf(table.rowCount())));
            }
            long count = textTables.encode(SHOW_TABLES_COLUMNS, rows, sink);
            return summary("catalog version " + manifest.version(), count, started);
        }
        if (statement instanceof DataStatement.Describe describe) {
            return describe(describe.table(), sink, started);
        }
        if (statement instanceof DataStatement.ShowStats stats) {
            return showStats(stats.table(), sink, started);
        }
        return change(role, sink, started, current -> change(statement, current));
    }

    /**
     * Refuses, before any rows are read, a change by a user who is not an admin, a CREATE of a
     * table that exists and an INSERT into one that does not (the check is made again when the
     * rows are loaded).
     */
    void checkChange(DataStatement statement, Role role) throws QueryFailure {
        checkAdmin(role);
        try {
            loader.checkTarget(versions.current().manifest(), statement);
        } catch (LoadException e) {
            throw new QueryFailure(e.getMessage(), e);
        }
    }

    /** Whether the current catalog version has {@code table}. */
    boolean tableExists(String table) {
        return versions.current().manifest().table(table).isPresent();
    }

    /**
     * Carries out a CREATE TABLE AS or INSERT INTO whose rows come from {@code rows} rather than
     * from its query (a client's import): placed, written and published as any other change.
     * {@code startedNanos} is when the statement began, for its elapsed time.
     */
    ExecutionSummary load(DataStatement statement, Role role, RowSource rows, long startedNanos, PayloadSink sink)
            throws QueryFailure, IOException {
        return change(role, sink, startedNanos, current -> load(current, statement, rows));
    }

    private static void checkAdmin(Role role) throws QueryFailure {
        if (role != Role.ADMIN) {
            throw new QueryFailure("only an admin may change data; connect as the admin account that bootstrap created"
                    + " (--admin-username)");
        }
    }

    /** One change at a time: the next catalog version from the current one, published when it differs. */
    private ExecutionSummary change(Role role, PayloadSink sink, long started, Change change) throws QueryFailure, IOException {
        checkAdmin(role);
        synchronized (changes) {
            ShardManifest current = versions.current().manifest();
            TableLoader.Result result;
            try {
                result = change.apply(current);
            } catch (LoadException e) {
                throw new QueryFailure(e.getMessage(), e);
            }
            if (result.manifest() != current) {
                publish(result.manifest());
            }
            LOG.info("{} (catalog version {})", result.message(), result.manifest().version());
            long count = textTables.encode(List.of("status"), List.of(List.of(result.message())), sink);
            return summary("catalog version " + result.manifest().version()
                    + (result.manifest() == current ? " (unchanged)" : " published"), count, started);
        }
    }

    /** The next catalog version after a change, from the current one. */
    private interface Change {
        TableLoader.Result apply(ShardManifest current) throws LoadException;
    }

    /** One row per column: its measured statistics, NULLs where a column was never measured (ANALYZE measures it). */
    private ExecutionSummary showStats(String name, PayloadSink sink, long started) throws QueryFailure, IOException {
        ShardManifest manifest = versions.current().manifest();
        TableDefinition table = table(manifest, name);
        List<List<String>> rows = new ArrayList<>();
        for (ColumnDefinition column : table.columns()) {
            Optional<ColumnStatistics> measured = column.measured();
            rows.add(java.util.Arrays.asList(column.name(), column.type(),
                    measured.map(m -> String.valueOf(m.distinctValues())).orElse(null),
                    measured.map(m -> String.valueOf(m.nullValues())).orElse(null),
                    measured.map(ColumnStatistics::min).orElse(null), measured.map(ColumnStatistics::max).orElse(null)));
        }
        long count = textTables.encode(SHOW_STATS_COLUMNS, rows, sink);
        return summary("catalog version " + manifest.version() + "; " + table.rowCount() + " rows", count, started);
    }

    /** Table {@code name} of {@code manifest}; the user's one line when there is none. */
    private static TableDefinition table(ShardManifest manifest, String name) throws QueryFailure {
        Optional<TableDefinition> table = manifest.table(name);
        if (table.isEmpty()) {
            LoadException missing = LoadException.noSuchTable(name);
            throw new QueryFailure(missing.getMessage(), missing);
        }
        return table.get();
    }

    private ExecutionSummary describe(String table, PayloadSink sink, long started) throws QueryFailure, IOException {
        try (CatalogVersions.Pin pin = versions.pin()) {
            table(pin.version().manifest(), table);
            try (DuckDBConnection connection = database.newConnection()) {
                long rows = queryRunner.run(connection, "DESCRIBE " + SqlNames.quote(table), List.of(), sink);
                return summary("catalog version " + pin.version().manifest().version(), rows, started);
            } catch (SQLException e) {
                throw new QueryFailure(DuckDbErrors.oneLine(e), e);
            }
        }
    }

    private TableLoader.Result change(DataStatement statement, ShardManifest current) throws LoadException {
        if (statement instanceof DataStatement.DropTable drop) {
            return loader.drop(current, drop);
        }
        if (statement instanceof DataStatement.Analyze analyze) {
            try (DuckDBConnection connection = database.newConnection()) {
                return loader.analyze(current, analyze, connection);
            } catch (SQLException e) {
                throw new LoadException(DuckDbErrors.oneLine(e), e);
            }
        }
        Optional<TableLoader.Result> nothingToDo = loader.nothingToDo(current, statement);
        if (nothingToDo.isPresent()) {
            return nothingToDo.get();
        }
        loader.checkTarget(current, statement);
        if (statement instanceof DataStatement.CreateTable create && create.query().isEmpty()) {
            return loader.create(current, create, Optional.empty());
        }
        String query = statement instanceof DataStatement.CreateTable create ? create.query().orElseThrow()
                : ((DataStatement.InsertInto) statement).query();
        return withSource(query, source -> load(current, statement, source));
    }

    /** A CREATE TABLE AS or INSERT INTO with the rows of {@code source} (the loader checks the target again). */
    private TableLoader.Result load(ShardManifest current, DataStatement statement, RowSource source) throws LoadException {
        if (statement instanceof DataStatement.CreateTable create) {
            return loader.create(current, create, Optional.of(source));
        }
        if (statement instanceof DataStatement.InsertInto insert) {
            return loader.insert(current, insert, source);
        }
        throw new IllegalArgumentException("only CREATE TABLE AS and INSERT INTO load rows, not " + statement);
    }

    private interface Load {
        TableLoader.Result apply(RowSource source) throws LoadException;
    }

    /** Runs {@code load} with the rows of {@code query}: from files in an import database, or from the server's tables. */
    private TableLoader.Result withSource(String query, Load load) throws LoadException {
        if (!FileSources.readsFiles(query)) {
            try (DuckDBConnection connection = database.newConnection()) {
                return load.apply(new RowSource(connection, query));
            } catch (SQLException e) {
                throw new LoadException(DuckDbErrors.oneLine(e), e);
            }
        }
        Path downloads = null;
        try {
            downloads = loader.newStagingDirectory("download");
            String resolved = files.resolve(query, downloads);
            try (DuckDBConnection connection = files.openImportDatabase(importSettings, downloads)) {
                return load.apply(new RowSource(connection, resolved));
            }
        } catch (IOException | SQLException e) {
            throw new LoadException("reading the files failed: " + (e instanceof SQLException sql ? DuckDbErrors.oneLine(sql)
                    : e.getMessage()), e);
        } finally {
            if (downloads != null) {
                loader.discard(downloads);
            }
        }
    }

    private void publish(ShardManifest next) throws QueryFailure {
        long started = System.nanoTime();
        try (TableStore.Change change = store.prepare(next, manifestFile.toAbsolutePath().getParent())) {
            long prepared = System.nanoTime();
            versions.publish(next, () -> {
                ManifestFile.write(manifestFile, next);
                change.commit();
                workers.publish(next);
            });
            LOG.info("catalog version {}: the server's copy loaded {} files in {} ms, committed in {} ms", next.version(),
                    change.filesLoaded(), (prepared - started) / 1_000_000, (System.nanoTime() - prepared) / 1_000_000);
        } catch (Exception e) {
            LOG.warn("publishing catalog version {} failed", next.version(), e);
            String cause = e instanceof SQLException sql ? DuckDbErrors.oneLine(sql)
                    : e instanceof IOException ? e.getMessage() : "an internal error; the server log has the details";
            throw new QueryFailure("the change could not be saved (" + cause + "); nothing changed", e);
        } finally {
            loader.pruneUnreferenced(versions.current().manifest());
        }
    }

    private static ExecutionSummary summary(String message, long rows, long startedNanos) {
        return new ExecutionSummary(ExecutionLocation.CATALOG, 0, 0, message, rows,
                (System.nanoTime() - startedNanos) / 1_000_000, 0, 0);
    }
}
