package io.gizmoedge.bootstrap;

import io.gizmoedge.engine.DaemonThreads;
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
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates the eight TPC-H tables offline with io.trino.tpch and loads them into a DuckDB
 * database through {@link DuckDBAppender} on {@code threads} threads: small tables one per thread,
 * lineitem and orders cut into one part per thread (appended concurrently from separate connections).
 */
public final class TpchGenerator {
    /** The step name reported to the progress listener. */
    public static final String STEP = "generate";

    private static final Logger LOG = LoggerFactory.getLogger(TpchGenerator.class);
    /** Rough relative sizes, largest first, so the big tables start first. */
    private static final Map<String, Integer> WEIGHT = Map.of("lineitem", 60, "orders", 15, "partsupp", 8, "part", 2,
            "customer", 2, "supplier", 1, "nation", 0, "region", 0);
    /** Tables at least this heavy are generated in one part per thread. */
    private static final int SPLIT_WEIGHT = 15;

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

        Map<String, List<Future<Long>>> futures = new LinkedHashMap<>();
        ExecutorService executor = Executors.newFixedThreadPool(threads, DaemonThreads.named("tpch-generator"));
        try {
            for (TpchTable<?> table : bySize) {
                // large tables are cut into one part per thread so the threads finish together
                int parts = WEIGHT.getOrDefault(table.getTableName(), 0) >= SPLIT_WEIGHT ? threads : 1;
                TableProgress progress = new TableProgress(table.getTableName(), parts, listener);
                List<Future<Long>> tableFutures = new ArrayList<>();
                for (int part = 1; part <= parts; part++) {
                    int thisPart = part;
                    tableFutures.add(executor.submit(() -> {
                        progress.started();
                        try (DuckDBConnection own = connection.duplicate()) {
                            long rows = load(own, table, thisPart, parts);
                            progress.partFinished(rows);
                            return rows;
                        }
                    }));
                }
                futures.put(table.getTableName(), tableFutures);
            }
            Map<String, Long> rows = new LinkedHashMap<>();
            for (TpchTable<?> table : tables) {
                long total = 0;
                for (Future<Long> future : futures.get(table.getTableName())) {
                    total += await(future, table.getTableName());
                }
                rows.put(table.getTableName(), total);
            }
            return rows;
        } finally {
            executor.shutdownNow();
        }
    }

    /** Adds up the parts of one table and reports the table when its last part is done. */
    private static final class TableProgress {
        private final String table;
        private final ProgressListener listener;
        private final AtomicInteger remaining;
        private final AtomicLong rows = new AtomicLong();
        private final AtomicLong startNanos = new AtomicLong(Long.MAX_VALUE);

        TableProgress(String table, int parts, ProgressListener listener) {
            this.table = table;
            this.listener = listener;
            this.remaining = new AtomicInteger(parts);
        }

        void started() {
            startNanos.accumulateAndGet(System.nanoTime(), Math::min);
        }

        void partFinished(long partRows) {
            long total = rows.addAndGet(partRows);
            if (remaining.decrementAndGet() == 0) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos.get());
                LOG.debug("loaded {} rows into {} in {}", total, table, elapsed);
                listener.tableFinished(STEP, table, total, elapsed);
            }
        }
    }

    private <E extends TpchEntity> long load(DuckDBConnection connection, TpchTable<E> table, int part, int parts)
            throws SQLException {
        List<TpchColumn<E>> columns = table.getColumns();
        List<TpchColumns.ValueAppender<E>> appenders = new ArrayList<>(columns.size());
        columns.forEach(c -> appenders.add(TpchColumns.appender(c)));
        long rows = 0;
        try (DuckDBAppender appender = connection.createAppender("main", table.getTableName())) {
            for (E row : table.createGenerator(scaleFactor, part, parts)) {
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
