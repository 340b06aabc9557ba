package io.gizmoedge.cli;

import io.gizmoedge.bootstrap.BootstrapOptions;
import io.gizmoedge.bootstrap.OutputExistsException;
import io.gizmoedge.bootstrap.ProgressListener;
import io.gizmoedge.samples.SampleDataset;
import io.gizmoedge.samples.SampleFile;
import io.gizmoedge.samples.SampleFileWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gizmo-edge sample-files}: writes example data files to load with SQL, TPC-H's eight tables
 * and the Star Schema Benchmark's five as Parquet (plus one CSV and one JSON file). Exit status: 0
 * written, 1 failed (for example a file exists), 2 bad arguments.
 */
@Command(name = "sample-files", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Writes example data files to load with CREATE TABLE ... AS SELECT * FROM read_parquet(...):",
            "<output>/tpch: the eight TPC-H tables as Parquet, and nation.json;",
            "<output>/ssb: the Star Schema Benchmark's lineorder, customer, supplier, part and dates as Parquet, "
                    + "and supplier.csv."})
public final class SampleFilesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "ssb|tpch|all", defaultValue = "all",
            description = "Which files to write (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--scale-factor", paramLabel = "SF", defaultValue = "0.1",
            description = "TPC-H scale factor the files derive from, at least " + BootstrapOptions.MIN_SCALE_FACTOR
                    + " (SF 1: 6 million line items; default: ${DEFAULT-VALUE}).")
    double scaleFactor;

    @Option(names = "--output", paramLabel = "DIR", required = true,
            description = "Directory to write into; the files go to DIR/tpch and DIR/ssb.")
    Path output;

    @Option(names = "--overwrite", description = "Replace existing files instead of refusing.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<SampleDataset> datasets;
        try {
            datasets = datasets(dataset);
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (!(scaleFactor >= BootstrapOptions.MIN_SCALE_FACTOR) || Double.isInfinite(scaleFactor)) {
            err.println("Error: --scale-factor must be at least " + BootstrapOptions.MIN_SCALE_FACTOR + ", got " + scaleFactor);
            err.flush();
            return 2;
        }
        List<SampleFile> files;
        try {
            files = new SampleFileWriter(scaleFactor, BootstrapOptions.DEFAULT_GENERATOR_THREADS)
                    .write(output, datasets, overwrite, ProgressListener.printingTo(out));
        } catch (OutputExistsException e) {
            err.println("Error: " + e.getMessage() + " (or choose another --output)");
            err.flush();
            return 1;
        }
        print(files, out);
        return 0;
    }

    private static void print(List<SampleFile> files, PrintWriter out) {
        int width = files.stream().mapToInt(f -> f.path().toString().length()).max().orElse(10);
        String format = "  %-" + width + "s  %,12d rows  %9.1f MB%n";
        out.println("Wrote " + files.size() + " files:");
        for (SampleFile file : files) {
            out.printf(Locale.ROOT, format, file.path(), file.rows(), megabytes(file.bytes()));
        }
        out.printf(Locale.ROOT, "Total %.1f MB. Start a server with --import-path=<this directory> to load them with SQL.%n",
                megabytes(files.stream().mapToLong(SampleFile::bytes).sum()));
        out.flush();
    }

    private static double megabytes(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** ssb, tpch or all, as the set of datasets. */
    static Set<SampleDataset> datasets(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        if (wanted.equals("all")) {
            return EnumSet.allOf(SampleDataset.class);
        }
        for (SampleDataset dataset : SampleDataset.values()) {
            if (dataset.directoryName().equals(wanted)) {
                return EnumSet.of(dataset);
            }
        }
        throw new IllegalArgumentException("--dataset must be ssb, tpch or all, got '" + name + "'");
    }
}
