package io.gizmoedge.bootstrap;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates the eight TPC-H tables offline with io.trino.tpch and loads them into a DuckDB
 * database through {@link DuckDBAppender}, one table per thread on up to {@code threads} threads.
 */
public final class TpchGenerator {
    /** The step name reported to the progress listener. */
    public static final String STEP = "generate";

    private static final Logger LOG = LoggerFactory.getLogger(TpchGenerator.class);
    /** Rough relative sizes, largest first, so the big tables start first. */
    private static final Map<String, Integer> WEIGHT = Map.of("lineitem", 60, "orders", 15, "partsupp", 8, "part", 2,
            "customer", 2, "supplier", 1, "nation", 0, "region", 0);

    private final double scaleFactor;
    private final int threads;

    public TpchGenerator(double scaleFactor, int threads) {
        if (!(scaleFactor >= BootstrapOptions.MIN_SCALE_FACTOR)) {
            throw new IllegalArgumentException("TPC-H scale factor must be at least " + BootstrapOptions.MIN_SCALE_FACTOR);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive");
        }
        this.scaleFactor = scaleFactor;
        this.threads = threads;
    }

    /** The DDL of a TPC-H table with this project's column types. */
    public static String createTableSql(TpchTable<?> table) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(table.getTableName()).append(" (");
        List<? extends TpchColumn<?>> columns = table.getColumns();
        for (int i = 0; i < columns.size(); i++) {
            TpchColumn<?> column = columns.get(i);
            sql.append(i == 0 ? "" : ", ").append(column.getColumnName()).append(' ').append(TpchColumns.duckDbType(column));
        }
        return sql.append(')').toString();
    }

    /**
     * Creates and fills every TPC-H table in the database of {@code connection}.
     *
     * @return rows loaded per table, in TPC-H order
     */
    public Map<String, Long> generate(DuckDBConnection connection, ProgressListener listener) throws SQLException {
        List<TpchTable<?>> tables = new ArrayList<>(TpchTable.getTables());
        for (TpchTable<?> table : tables) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(createTableSql(table));
            }
        }
        List<TpchTable<?>> bySize = new ArrayList<>(tables);
        bySize.sort(Comparator.comparing((TpchTable<?> t) -> WEIGHT.getOrDefault(t.getTableName(), 0)).reversed());

        Map<String, Future<Long>> futures = new LinkedHashMap<>();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(threads, tables.size()), runnable -> {
            Thread thread = new Thread(runnable, "tpch-generator-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (TpchTable<?> table : bySize) {
                futures.put(table.getTableName(), executor.submit(() -> {
                    try (DuckDBConnection own = (DuckDBConnection) connection.duplicate()) {
                        long start = System.nanoTime();
                        long rows = load(own, table);
                        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                        LOG.debug("loaded {} rows into {} in {}", rows, table.getTableName(), elapsed);
                        listener.tableFinished(STEP, table.getTableName(), rows, elapsed);
                        return rows;
                    }
                }));
            }
            Map<String, Long> rows = new LinkedHashMap<>();
            for (TpchTable<?> table : tables) {
                rows.put(table.getTableName(), await(futures.get(table.getTableName()), table.getTableName()));
            }
            return rows;
        } finally {
            executor.shutdownNow();
        }
    }

    private long load(DuckDBConnection connection, TpchTable<?> table) throws SQLException {
        return loadTyped(connection, table);
    }

    private <E extends TpchEntity> long loadTyped(DuckDBConnection connection, TpchTable<E> table) throws SQLException {
        List<TpchColumn<E>> columns = table.getColumns();
        List<TpchColumns.ValueAppender<E>> appenders = new ArrayList<>(columns.size());
        columns.forEach(c -> appenders.add(TpchColumns.appender(c)));
        long rows = 0;
        try (DuckDBAppender appender = connection.createAppender("main", table.getTableName())) {
            for (E row : table.createGenerator(scaleFactor, 1, 1)) {
                appender.beginRow();
                for (TpchColumns.ValueAppender<E> value : appenders) {
                    value.append(appender, row);
                }
                appender.endRow();
                rows++;
            }
        }
        return rows;
    }

    private static long await(Future<Long> future, String table) throws SQLException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while generating TPC-H table " + table, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw new SQLException("cannot load TPC-H table " + table + ": " + sql.getMessage(), sql);
            }
            throw new SQLException("cannot generate TPC-H table " + table + ": " + cause, cause);
        }
    }
}
