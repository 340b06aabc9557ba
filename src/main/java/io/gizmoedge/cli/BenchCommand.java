package io.gizmoedge.cli;

import io.gizmoedge.bench.BenchmarkOptions;
import io.gizmoedge.bench.BenchmarkReport;
import io.gizmoedge.bench.BenchmarkRunner;
import io.gizmoedge.demo.DemoDataset;
import io.gizmoedge.bench.MarkdownReport;
import io.gizmoedge.bench.QuerySelection;
import io.gizmoedge.bench.ReportFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gizmo-edge bench}: TPC-H through a local cluster against single-node DuckDB, with a report. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Bootstrap TPC-H (reused when present), start a server and workers, and time every query"
                + " through the cluster and through single-node DuckDB with the same total threads. Writes a Markdown"
                + " report, a CSV and an SVG chart of the per-query ratios (cluster / single node); prints the table.",
            "",
            "Exit status: 0 every answer equal, 1 some answer differs or failed (the report is written anyway),"
                + " 2 bad arguments. Missing the speed target does not change the exit status."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scale-factor", defaultValue = "1", description = "TPC-H scale factor (default: ${DEFAULT-VALUE}).")
    double scaleFactor;

    @Option(names = "--shards", defaultValue = "4", description = "Number of shards (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--workers", defaultValue = "2", description = "Number of worker processes (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--runs", defaultValue = "5",
            description = "Timed runs per query and side, after one warm-up run (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warm-up-rounds", defaultValue = "10",
            description = "Untimed rounds over all selected queries, on both sides, before the first measurement"
                    + " (default: ${DEFAULT-VALUE}).")
    int warmUpRounds;

    @Option(names = "--threads", paramLabel = "N",
            description = "Total DuckDB threads (default: the available processors, at least one per worker)."
                    + " Single-node DuckDB and the server get all of them; each worker gets N / workers, rounded down.")
    Integer threads;

    @Option(names = "--directory", defaultValue = "bench",
            description = "Where the dataset and the cluster's logs live (default: ${DEFAULT-VALUE}).")
    Path directory;

    @Option(names = "--queries", defaultValue = "all", paramLabel = "LIST",
            description = "TPC-H queries to run, e.g. 1,3,6 or 1-5 (default: all 22).")
    String queries;

    @Option(names = "--dataset", paramLabel = "tpch|tpch-files", defaultValue = "tpch",
            converter = DemoCommand.DatasetConverter.class,
            description = "tpch: bootstrap TPC-H (reused when present); tpch-files: write TPC-H as Parquet files and load"
                    + " them as the admin with CREATE TABLE ... DISTRIBUTED BY / LIKE / REPLICATED (default: ${DEFAULT-VALUE}).")
    DemoDataset dataset;

    @Option(names = "--worker-memory-limit", paramLabel = "SIZE",
            description = "Each worker's DuckDB memory limit, such as 3GB (default: DuckDB's, 80%% of the machine's memory).")
    String workerMemoryLimit;

    @Option(names = "--direct-transfer",
            description = "Start the workers with --advertise-address 127.0.0.1, so that moved rows go straight between them.")
    boolean directTransfer;

    @Option(names = "--repartition-queries",
            description = "Time the queries of queries/repartition/, whose rows move between workers, instead of TPC-H's.")
    boolean repartitionQueries;

    @Option(names = "--output", paramLabel = "FILE",
            description = "The Markdown report; the .csv and .svg go next to it (default: <directory>/report.md).")
    Path output;

    /** The options as given, validated; a bad value is reported as a usage error. */
    BenchmarkOptions options() {
        try {
            int totalThreads = threads != null ? threads : Math.max(workers, Runtime.getRuntime().availableProcessors());
            Path report = output != null ? output : directory.resolve("report.md");
            return new BenchmarkOptions(scaleFactor, shards, workers, runs, warmUpRounds, totalThreads, directory,
                    QuerySelection.parse(queries), report);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** What every worker of the benchmark's cluster is started with besides its defaults. */
    List<String> workerOptions() {
        List<String> options = new java.util.ArrayList<>();
        if (workerMemoryLimit != null) {
            options.addAll(List.of("--duckdb-memory-limit", workerMemoryLimit));
        }
        if (directTransfer) {
            options.addAll(List.of("--advertise-address", "127.0.0.1"));
        }
        return List.copyOf(options);
    }

    @Override
    public Integer call() throws Exception {
        BenchmarkOptions options = options();
        PrintStream out = System.out;
        BenchmarkReport report = new BenchmarkRunner(dataset, workerOptions(), repartitionQueries).run(options, System.err);
        var written = new ReportFiles().write(report);
        out.println();
        out.print(new MarkdownReport().table(report));
        out.println();
        out.printf(Locale.ROOT, "Geometric mean of the ratios: %s (target <= %.1f: %s); answers equal: %d of %d.%n",
                report.geometricMeanRatio().isPresent()
                        ? String.format(Locale.ROOT, "%.2f", report.geometricMeanRatio().getAsDouble()) : "n/a",
                BenchmarkReport.TARGET_RATIO, report.meetsTarget() ? "met" : "missed",
                report.answersEqualCount(), report.measurements().size());
        out.println("Report: " + written.get(0) + " (also " + written.get(1).getFileName() + ", "
                + written.get(2).getFileName() + ")");
        return report.answersEqualCount() == report.measurements().size() ? 0 : 1;
    }
}
