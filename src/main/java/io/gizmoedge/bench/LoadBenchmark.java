package io.gizmoedge.bench;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.demo.DemoDataset;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.SampleFilesDemo;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.engine.SqlNames;
import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.duckdb.DuckDBConnection;

/**
 * Load throughput: TPC-H lineitem from a Parquet file into a distributed table through a local
 * cluster ({@code CREATE TABLE lineitem DISTRIBUTED BY (l_orderkey) AS SELECT * FROM read_parquet(...)}
 * as the admin), beside DuckDB's own {@code CREATE TABLE AS} of the same file into a database file
 * with the same threads. Each side runs {@code runs} times; the table is dropped between runs.
 */
public final class LoadBenchmark {
    private static final String FILE = "tpch/lineitem.parquet";
    private static final String CREATE = "CREATE TABLE lineitem DISTRIBUTED BY (l_orderkey) AS SELECT * FROM read_parquet('"
            + FILE + "')";

    /** What was measured: rows per load, and the seconds of each run on each side. */
    public record Result(long rows, List<Double> clusterCommitSeconds, List<Double> clusterReadySeconds,
            List<Double> duckDbSeconds) {
        public Result {
            clusterCommitSeconds = List.copyOf(clusterCommitSeconds);
            clusterReadySeconds = List.copyOf(clusterReadySeconds);
            duckDbSeconds = List.copyOf(duckDbSeconds);
        }
    }

    private final Path directory;
    private final double scaleFactor;
    private final int shards;
    private final int workers;
    private final int threads;
    private final int runs;

    public LoadBenchmark(Path directory, double scaleFactor, int shards, int workers, int threads, int runs) {
        if (runs < 1 || shards < 1 || workers < 1 || threads < 1) {
            throw new IllegalArgumentException("runs, shards, workers and threads must be at least 1");
        }
        this.directory = directory;
        this.scaleFactor = scaleFactor;
        this.shards = shards;
        this.workers = workers;
        this.threads = threads;
        this.runs = runs;
    }

    public Result run(PrintStream out) throws IOException, SQLException, InterruptedException, QueryFailedException {
        SampleFilesDemo.Prepared prepared = SampleFilesDemo.prepare(directory, DemoDataset.TPCH_FILES, scaleFactor, shards, out);
        Path file = prepared.importDirectory().resolve(FILE).toAbsolutePath();
        List<Double> duckDb = new ArrayList<>();
        long rows = 0;
        for (int run = 1; run <= runs; run++) {
            Path database = Files.createTempDirectory(directory.toAbsolutePath(), "duckdb-load").resolve("load.duckdb");
            try (DuckDBConnection connection = DuckDbDatabases.openFile(database, new DuckDbSettings(threads, Optional.empty()));
                    Statement statement = connection.createStatement()) {
                long started = System.nanoTime();
                statement.execute("CREATE TABLE lineitem AS SELECT * FROM read_parquet(" + SqlNames.literal(file.toString()) + ")");
                statement.execute("CHECKPOINT");
                duckDb.add(seconds(started));
                try (var result = statement.executeQuery("SELECT count(*) FROM lineitem")) {
                    result.next();
                    rows = result.getLong(1);
                }
            } finally {
                io.gizmoedge.catalog.Directories.deleteRecursively(database.getParent());
            }
            out.printf(Locale.ROOT, "DuckDB CREATE TABLE AS, run %d: %.2f s%n", run, duckDb.get(duckDb.size() - 1));
        }
        List<Double> commit = new ArrayList<>();
        List<Double> ready = new ArrayList<>();
        Path logs = directory.resolve(DemoDataset.TPCH_FILES.cliName()).resolve("logs");
        out.println("Starting a server and " + workers + " workers (logs in " + logs + ") ...");
        int workerThreads = Math.max(1, threads / workers);
        try (LocalCluster cluster = LocalCluster.start(prepared.files(), TpchDemo.WORKER_PASSWORD, logs, workers,
                workerThreads, threads, List.of("--import-path", prepared.importDirectory().toAbsolutePath().toString()));
                QueryExecutor admin = cluster.connect(TpchDemo.ADMIN_USER, TpchDemo.ADMIN_PASSWORD, Duration.ofMinutes(2))) {
            for (int run = 1; run <= runs; run++) {
                long started = System.nanoTime();
                execute(admin, CREATE);
                commit.add(seconds(started));
                cluster.awaitReady(TpchDemo.ADMIN_USER, TpchDemo.ADMIN_PASSWORD, Math.min(workers, shards),
                        Duration.ofMinutes(10), "SELECT count(*) FROM lineitem").close();
                ready.add(seconds(started));
                out.printf(Locale.ROOT, "cluster CREATE TABLE AS, run %d: committed after %.2f s, served by the workers after %.2f s%n",
                        run, commit.get(commit.size() - 1), ready.get(ready.size() - 1));
                execute(admin, "DROP TABLE lineitem");
            }
        }
        return new Result(rows, commit, ready, duckDb);
    }

    /** The result as a Markdown table (medians), for docs/benchmarks.md. */
    public static String markdown(Result result) {
        double duckDb = Statistics.median(result.duckDbSeconds());
        double commit = Statistics.median(result.clusterCommitSeconds());
        double ready = Statistics.median(result.clusterReadySeconds());
        StringBuilder table = new StringBuilder();
        table.append("| load of ").append(String.format(Locale.ROOT, "%,d", result.rows()))
                .append(" rows | median s | rows/s |\n| --- | ---: | ---: |\n");
        row(table, "DuckDB `CREATE TABLE AS SELECT * FROM read_parquet(...)` into a database file", duckDb, result.rows());
        row(table, "Gizmo Edge `CREATE TABLE ... DISTRIBUTED BY ... AS`, until committed", commit, result.rows());
        row(table, "Gizmo Edge, until every worker serves the new version", ready, result.rows());
        return table.toString();
    }

    private static void row(StringBuilder table, String what, double seconds, long rows) {
        table.append(String.format(Locale.ROOT, "| %s | %.2f | %,.0f |%n", what, seconds, rows / seconds));
    }

    private static void execute(QueryExecutor executor, String sql) throws IOException, QueryFailedException {
        try (QueryResult ignored = executor.execute(sql, QueryOptions.DEFAULT)) {
            // the one status line
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
