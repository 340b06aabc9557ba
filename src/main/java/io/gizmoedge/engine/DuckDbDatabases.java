package io.gizmoedge.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * Opens DuckDB databases and closes them to the outside world. Client SQL only ever reaches a
 * database after {@link #lockDown} ran on it: no file system access, no extension loading and
 * no configuration changes. Each database spills into a directory of its own under the settings'
 * temporary directory ({@link TemporaryDirectory}).
 */
public final class DuckDbDatabases {
    private DuckDbDatabases() {
    }

    /** A fresh in-memory database. */
    public static DuckDBConnection openInMemory(DuckDbSettings settings) throws SQLException {
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", new Properties());
        return configure(connection, settings);
    }

    /** An existing database file, read-only. */
    public static DuckDBConnection openReadOnly(Path file, DuckDbSettings settings) throws SQLException {
        if (!Files.isRegularFile(file)) {
            throw new SQLException("database file " + file + " does not exist; run bootstrap first or pass --database-file");
        }
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + file.toAbsolutePath().normalize(), properties);
        return configure(connection, settings);
    }

    /** A database file, created when missing, read-write (only this process's own SQL may change it). */
    public static DuckDBConnection openFile(Path file, DuckDbSettings settings) throws SQLException {
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + file.toAbsolutePath().normalize(), new Properties());
        return configure(connection, settings);
    }

    /** The time zone of every node's DuckDB, whatever its machine's. */
    public static final String TIME_ZONE = "UTC";

    /** Memory DuckDB's allocator may keep after a task before it returns the rest to the system. */
    private static final String ALLOCATOR_FLUSH_THRESHOLD = "16MiB";

    private static DuckDBConnection configure(DuckDBConnection connection, DuckDbSettings settings) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (settings.threads() > 0) {
                statement.execute("SET threads = " + settings.threads());
            }
            if (settings.memoryLimit().isPresent()) {
                statement.execute("SET memory_limit = '" + settings.memoryLimit().get().replace("'", "") + "'");
            }
            if (settings.temporaryDirectory().isPresent()) {
                TemporaryDirectory directory = new TemporaryDirectory(settings.temporaryDirectory().get());
                Files.createDirectories(directory.root());
                statement.execute("SET temp_directory = " + SqlNames.literal(directory.newInstanceDirectory().toString()));
            }
            // a long-running node hands memory back after a peak (a big query, shards held for a lost
            // worker) instead of keeping up to DuckDB's default 128 MiB per peak in its allocator
            statement.execute("SET allocator_flush_threshold = '" + ALLOCATOR_FLUSH_THRESHOLD + "'");
            // DuckDB computes TIMESTAMP WITH TIME ZONE values (casts to DATE or text, extract, date parts)
            // in its session's time zone, which follows the machine's: a worker in another zone than
            // the server would compute its part of an answer differently. Every node computes in UTC.
            statement.execute("SET TimeZone = '" + TIME_ZONE + "'");
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
        } catch (IOException e) {
            connection.close();
            throw new SQLException("cannot create DuckDB's temporary directory: " + e.getMessage(), e);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Disables file system access and locks the configuration. Call after every file the
     * database needs has been read; it cannot be undone.
     */
    public static void lockDown(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET enable_external_access = false");
            statement.execute("SET lock_configuration = true");
        }
    }
}
