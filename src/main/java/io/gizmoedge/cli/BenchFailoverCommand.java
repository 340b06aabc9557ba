package io.gizmoedge.cli;

import io.gizmoedge.bench.FailoverBenchmark;
import io.gizmoedge.demo.LineitemSelfJoin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gizmo-edge bench-failover}: what a worker crash in the middle of a query costs that query. */
@Command(name = "bench-failover", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Bootstrap TPC-H (reused when present), start a server and workers, and time a distributed query:",
            "undisturbed, then with a worker killed (kill -9) while it runs. Also times the re-assignment after a worker",
            "is killed while the cluster is idle. Prints a Markdown table and whether every run stayed within",
            "2 × the undisturbed time + the re-assignment.",
            "",
            "Exit status: 0 every answer equal and within the bound, 1 otherwise, 2 bad arguments."})
public final class BenchFailoverCommand implements Callable<Integer> {
    /** A co-located four-way self-join of lineitem: seconds of work on every worker, one number as the answer. */
    static final String DEFAULT_QUERY = LineitemSelfJoin.of(4);

    @Option(names = "--scale-factor", defaultValue = "1", description = "TPC-H scale factor (default: ${DEFAULT-VALUE}).")
    double scaleFactor;

    @Option(names = "--shards", defaultValue = "6", description = "Number of shards (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--workers", defaultValue = "3", description = "Number of worker processes (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--threads", paramLabel = "N",
            description = "DuckDB threads of the server; each worker gets N / workers (default: the available processors).")
    Integer threads;

    @Option(names = "--runs", defaultValue = "3", description = "Runs of each measurement (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--kill-after", defaultValue = "3s", paramLabel = "DURATION",
            converter = DeadlineOptions.DurationConverter.class,
            description = "How long into the query the worker is killed (default: ${DEFAULT-VALUE}).")
    Duration killAfter;

    @Option(names = "--sql", paramLabel = "SQL", description = "The query (default: a four-way self-join of lineitem on l_orderkey).")
    String sql = DEFAULT_QUERY;

    @Option(names = "--directory", defaultValue = "bench",
            description = "Where the dataset and the cluster's logs live (default: ${DEFAULT-VALUE}).")
    Path directory;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(directory);
        int total = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        FailoverBenchmark.Result result = new FailoverBenchmark(new FailoverBenchmark.Options(directory, scaleFactor, shards,
                workers, total, runs, killAfter, sql)).run(System.out);
        System.out.println();
        System.out.print(FailoverBenchmark.markdown(result));
        return result.withinBound() && result.problems().isEmpty() ? 0 : 1;
    }
}
