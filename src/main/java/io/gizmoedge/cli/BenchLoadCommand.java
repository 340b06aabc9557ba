package io.gizmoedge.cli;

import io.gizmoedge.bench.LoadBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gizmo-edge bench-load}: load throughput of the cluster beside DuckDB's own CREATE TABLE AS. */
@Command(name = "bench-load", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write TPC-H lineitem as Parquet (reused when present), then time loading it: with DuckDB's own",
            "CREATE TABLE AS into a database file, and through a local cluster with CREATE TABLE ... DISTRIBUTED BY ... AS",
            "as the admin. Prints a Markdown table of the medians (rows per second)."})
public final class BenchLoadCommand implements Callable<Integer> {

    @Option(names = "--scale-factor", defaultValue = "1", description = "TPC-H scale factor (default: ${DEFAULT-VALUE}).")
    double scaleFactor;

    @Option(names = "--shards", defaultValue = "4", description = "Number of shards (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--workers", defaultValue = "2", description = "Number of worker processes (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--threads", paramLabel = "N",
            description = "DuckDB threads of DuckDB's side and of the server; each worker gets N / workers"
                    + " (default: the available processors).")
    Integer threads;

    @Option(names = "--runs", defaultValue = "3", description = "Loads per side (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--directory", defaultValue = "bench-load",
            description = "Where the files, the catalog and the logs live (default: ${DEFAULT-VALUE}).")
    Path directory;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(directory);
        int total = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        LoadBenchmark.Result result = new LoadBenchmark(directory, scaleFactor, shards, workers, total, runs).run(System.out);
        System.out.println();
        System.out.print(LoadBenchmark.markdown(result));
        return 0;
    }
}
