package io.gizmoedge.cli;

import io.gizmoedge.bench.ClientStartBenchmark;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gizmo-edge bench-client-start}: the wall time of a one-shot client statement, start-up included. */
@Command(name = "bench-client-start", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Bootstrap a tiny TPC-H dataset (reused when present), start a local server, and time",
            "'bin/gizmo-edge client ... -c SQL' and 'bin/gizmo-edge --version', each run as a process of its own.",
            "JAVA_OPTS in the environment reaches every timed run. Prints a Markdown table of the medians."})
public final class BenchClientStartCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "20", description = "Timed runs of each command (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--sql", defaultValue = "SELECT 1", description = "The statement (default: ${DEFAULT-VALUE}).")
    String sql;

    @Option(names = "--scale-factor", defaultValue = "0.01", description = "TPC-H scale factor (default: ${DEFAULT-VALUE}).")
    double scaleFactor;

    @Option(names = "--launcher", paramLabel = "FILE",
            description = "The launcher to time (default: bin/gizmo-edge of the repository this jar was built in).")
    Path launcher;

    @Option(names = "--directory", defaultValue = "bench-client-start",
            description = "Where the dataset and the server's log live (default: ${DEFAULT-VALUE}).")
    Path directory;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(directory);
        ClientStartBenchmark.Result result = new ClientStartBenchmark(new ClientStartBenchmark.Options(directory,
                launcher != null ? launcher : defaultLauncher(), scaleFactor, runs, sql)).run(System.out);
        System.out.println();
        System.out.print(ClientStartBenchmark.markdown(result));
        return 0;
    }

    /** {@code bin/gizmo-edge} beside {@code target/}, where this class was loaded from. */
    private static Path defaultLauncher() throws URISyntaxException {
        Path loadedFrom = Path.of(BenchClientStartCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return loadedFrom.toAbsolutePath().getParent().getParent().resolve("bin").resolve("gizmo-edge");
    }
}
