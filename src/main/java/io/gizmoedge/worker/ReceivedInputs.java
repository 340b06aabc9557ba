package io.gizmoedge.worker;

import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.DuckDbQueryRunner;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input tables of one stage, as their frames arrive before the stage runs. Up to
 * {@code maxHeldBytes} are held in memory as Arrow payloads; past that, every table goes into a
 * temporary table of a DuckDB connection opened for the stage, and the rest of the rows go there as
 * they arrive. DuckDB keeps those within its memory limit and spills the rest to its temporary
 * directory, so what a worker receives for a stage (its part of a repartitioned join side, say) is
 * bounded by neither the heap nor DuckDB's memory. The stage then runs on that connection.
 * Not thread-safe beyond its own methods: the connection's frames arrive in order on one thread.
 */
final class ReceivedInputs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivedInputs.class);
    /** What a stage's inputs may take of the worker's heap before they go into DuckDB. */
    static final long DEFAULT_MAX_HELD_BYTES = 16L * 1024 * 1024;

    /** Opens a connection to the worker's database. */
    @FunctionalInterface
    interface ConnectionSource {
        DuckDBConnection open() throws SQLException;
    }

    private final long maxHeldBytes;
    private final ConnectionSource connections;
    private final DuckDbQueryRunner queryRunner;
    private final Map<String, List<byte[]>> held = new LinkedHashMap<>();
    private final Set<String> stored = new HashSet<>();
    private long heldBytes;
    /** The connection holding the stored tables; null until the inputs pass the bound, and once handed on. */
    private DuckDBConnection connection;
    private String failure;

    ReceivedInputs(long maxHeldBytes, ConnectionSource connections, DuckDbQueryRunner queryRunner) {
        if (maxHeldBytes < 0) {
            throw new IllegalArgumentException("the bytes held in memory must not be negative, got " + maxHeldBytes);
        }
        this.maxHeldBytes = maxHeldBytes;
        this.connections = connections;
        this.queryRunner = queryRunner;
    }

    /** Adds one Arrow payload of input table {@code table}. A failure to store it fails the stage when it runs. */
    synchronized void add(String table, byte[] payload) {
        if (failure != null) {
            return;
        }
        if (connection == null && stored.isEmpty() && heldBytes + payload.length <= maxHeldBytes) {
            held.computeIfAbsent(table, name -> new ArrayList<>()).add(payload);
            heldBytes += payload.length;
            return;
        }
        try {
            if (connection == null) {
                connection = connections.open();
                LOG.debug("a stage's inputs passed {} bytes; they go into DuckDB", maxHeldBytes);
            }
            for (Map.Entry<String, List<byte[]>> entry : held.entrySet()) {
                store(entry.getKey(), entry.getValue());
            }
            held.clear();
            heldBytes = 0;
            store(table, List.of(payload));
        } catch (SQLException e) {
            failure = "storing the rows the stage reads failed: " + DuckDbErrors.oneLine(e);
        } catch (IOException e) {
            failure = "storing the rows the stage reads failed: " + e.getMessage();
        }
    }

    private void store(String table, List<byte[]> payloads) throws SQLException, IOException {
        ArrowTable rows = new ArrowTable(table, payloads);
        if (stored.add(table)) {
            queryRunner.register(connection, rows);
        } else {
            queryRunner.append(connection, rows);
        }
    }

    /** Why the inputs could not be kept, when they could not. */
    synchronized Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether table {@code name} is a temporary table of the stage's connection already. */
    synchronized boolean isStored(String name) {
        return stored.contains(name);
    }

    /** The payloads of table {@code name} held in memory; empty when none arrived (or it is stored). */
    synchronized Optional<ArrowTable> held(String name) {
        List<byte[]> payloads = held.get(name);
        return payloads == null ? Optional.empty() : Optional.of(new ArrowTable(name, List.copyOf(payloads)));
    }

    /**
     * The connection the stage runs on, which the caller then owns: the one holding the stored
     * tables, or a new one.
     */
    synchronized DuckDBConnection connectionForStage() throws SQLException {
        if (connection == null) {
            return connections.open();
        }
        DuckDBConnection own = connection;
        connection = null;
        return own;
    }

    /** Drops what was received (a stage that will not run, or one that ran). */
    @Override
    public synchronized void close() {
        held.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing a stage's input connection: {}", e.getMessage());
            }
            connection = null;
        }
    }
}
