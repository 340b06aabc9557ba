package io.gizmoedge.cli;

import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.DemoCluster;
import io.gizmoedge.demo.DemoDataset;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.QueryCheck;
import io.gizmoedge.demo.TpchDemo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gizmo-edge demo}: the whole system in one command. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Bootstrap TPC-H (reused when present), start a server and workers as separate processes with TLS,",
            "run the 22 TPC-H queries through the client and compare every answer with single-node DuckDB.",
            "With --dataset=ssb or tpch-files: write sample files (reused when present), bootstrap an empty catalog,",
            "load the files as the admin with CREATE TABLE statements, then run and compare the dataset's queries."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--directory", defaultValue = "demo", description = "Where the demo keeps its data and logs (default: ${DEFAULT-VALUE}).")
    Path directory;

    @Option(names = "--dataset", paramLabel = "tpch|ssb|tpch-files", defaultValue = "tpch", converter = DatasetConverter.class,
            description = "tpch: TPC-H from bootstrap; ssb: the Star Schema Benchmark loaded from files; tpch-files: TPC-H loaded from files (default: ${DEFAULT-VALUE}).")
    DemoDataset dataset;

    @Option(names = "--scale-factor", defaultValue = "0.1", description = "TPC-H scale factor, also of the sample files (default: ${DEFAULT-VALUE}).")
    double scaleFactor;

    @Option(names = "--shards", defaultValue = "4", description = "Number of shards (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--workers", defaultValue = "2", description = "Number of worker processes (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--worker-memory-limit", paramLabel = "SIZE",
            description = "Each worker's DuckDB memory limit, such as 3GB (default: DuckDB's, 80%% of the machine's memory).")
    String workerMemoryLimit;

    @Option(names = "--shell", description = "Leave the cluster up and open the client shell instead of running the queries.")
    boolean shell;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        List<String> workerOptions = workerMemoryLimit == null ? List.of() : List.of("--duckdb-memory-limit", workerMemoryLimit);
        DemoCluster demo = DemoCluster.start(dataset, directory, scaleFactor,
                DemoCluster.Shape.of(shards, workers).withWorkerOptions(workerOptions), out);
        try (demo) {
            out.println("Cluster ready on port " + demo.cluster().port() + ".");
            if (shell) {
                return openShell(demo.cluster(), demo.files(), out);
            }
            List<QueryCheck> checks = demo.checkQueries();
            print(checks, out);
            long matched = checks.stream().filter(QueryCheck::matches).count();
            out.printf(Locale.ROOT, "%d of %d answers equal single-node DuckDB.%n", matched, checks.size());
            return matched == checks.size() ? 0 : 1;
        } finally {
            out.println("Stopped the cluster.");
        }
    }

    private int openShell(LocalCluster cluster, ClusterFiles files, PrintStream out) {
        out.println("Other terminals can connect with:");
        out.println("  bin/gizmo-edge-client --server-port=" + cluster.port() + " --tls-roots=" + files.tlsCertificate()
                + " --username=" + TpchDemo.CLIENT_USER + " --password=" + TpchDemo.CLIENT_PASSWORD);
        if (!dataset.loadStatements().isEmpty()) {
            out.println("(as --username=" + TpchDemo.ADMIN_USER + " --password=" + TpchDemo.ADMIN_PASSWORD
                    + " to create, load and drop tables)");
        }
        out.println("The cluster stops when this shell exits.");
        return GizmoEdgeCommand.newCommandLine().execute("client",
                "--server-port=" + cluster.port(),
                "--tls-roots=" + files.tlsCertificate(),
                "--username=" + TpchDemo.CLIENT_USER,
                "--password=" + TpchDemo.CLIENT_PASSWORD);
    }

    private static void print(List<QueryCheck> checks, PrintStream out) {
        int whereWidth = Math.max(12, checks.stream().mapToInt(c -> c.where().length()).max().orElse(12));
        String format = "%-5s  %-" + whereWidth + "s  %8s  %8s  %s%n";
        out.println();
        out.printf(Locale.ROOT, format, "query", "ran", "rows", "ms", "equals single-node DuckDB");
        out.printf(Locale.ROOT, format, "-----", "-".repeat(whereWidth), "--------", "--------", "-------------------------");
        for (QueryCheck check : checks) {
            out.printf(Locale.ROOT, format, check.name(), check.where(), check.rows(), check.millis(),
                    check.matches() ? "yes" : "NO: " + check.difference().get());
        }
        out.println();
    }

    /** tpch, ssb or tpch-files. */
    static final class DatasetConverter implements CommandLine.ITypeConverter<DemoDataset> {
        @Override
        public DemoDataset convert(String value) {
            try {
                return DemoDataset.fromCliName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
