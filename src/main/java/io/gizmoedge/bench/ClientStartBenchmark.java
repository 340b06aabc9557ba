package io.gizmoedge.bench;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How long a one-shot client statement takes as a user runs it: {@code bin/gizmo-edge client ... -c SQL}
 * started as a process of its own against a local server, timed from starting the process to its exit,
 * {@code runs} times after one untimed run. {@code bin/gizmo-edge --version} is timed the same way: the
 * launcher and the JVM's start-up without any connection. The server (TPC-H bootstrapped under the
 * directory, reused when present; no workers, so the statement runs on the server) is warmed up
 * first with the same statement, so the figures are the client's.
 */
public final class ClientStartBenchmark {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(2);
    private static final int SERVER_WARM_UP_QUERIES = 20;

    /** What to run and how. */
    public record Options(Path directory, Path launcher, double scaleFactor, int runs, String sql) {
        public Options {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(launcher, "launcher");
            Objects.requireNonNull(sql, "sql");
            if (runs < 1 || scaleFactor <= 0) {
                throw new IllegalArgumentException("--runs and --scale-factor must be positive");
            }
        }
    }

    /** Wall and CPU seconds of each timed run of one command; CPU empty where it cannot be read. */
    public record Runs(List<Double> wallSeconds, List<Double> cpuSeconds) {
        public Runs {
            wallSeconds = List.copyOf(wallSeconds);
            cpuSeconds = List.copyOf(cpuSeconds);
        }
    }

    /** The runs of the one-shot statement and of {@code --version}. */
    public record Result(Options options, Runs statement, Runs version) {
        public Result {
            Objects.requireNonNull(statement, "statement");
            Objects.requireNonNull(version, "version");
        }
    }

    private final Options options;

    public ClientStartBenchmark(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public Result run(PrintStream out) throws IOException, SQLException, InterruptedException, QueryFailedException {
        if (!Files.isExecutable(options.launcher())) {
            throw new IllegalArgumentException("no launcher at " + options.launcher() + "; pass --launcher");
        }
        ClusterFiles files = TpchDemo.prepare(options.directory(), options.scaleFactor(), 1, out);
        Path logs = options.directory().resolve("logs");
        out.println("Starting a server (log in " + logs + ") ...");
        try (LocalCluster cluster = LocalCluster.start(files, TpchDemo.WORKER_PASSWORD, logs, 0, 1)) {
            try (QueryExecutor client = cluster.connect(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, CONNECT_TIMEOUT)) {
                for (int i = 0; i < SERVER_WARM_UP_QUERIES; i++) {
                    client.execute(options.sql(), QueryOptions.DEFAULT).close();
                }
            }
            List<String> statement = statementCommand(cluster.port(), files.tlsCertificate());
            List<String> version = List.of(options.launcher().toString(), "--version");
            Runs statementRuns = time("client -c", statement, logs, out);
            Runs versionRuns = time("--version", version, logs, out);
            return new Result(options, statementRuns, versionRuns);
        }
    }

    /** The one-shot client command line against the server on {@code port}. */
    List<String> statementCommand(int port, Path tlsCertificate) {
        return List.of(options.launcher().toString(), "client", "--server-hostname", "localhost",
                "--server-port", String.valueOf(port), "--tls-roots", tlsCertificate.toString(),
                "--username", TpchDemo.CLIENT_USER, "--password", TpchDemo.CLIENT_PASSWORD, "-c", options.sql());
    }

    /** One untimed run, then {@code runs} timed ones; a run that fails stops the benchmark with its output. */
    private Runs time(String name, List<String> command, Path logs, PrintStream out)
            throws IOException, InterruptedException {
        Path output = logs.resolve("client-start.out");
        runOnce(command, output);
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            OptionalDouble cpuBefore = ChildCpuTime.seconds();
            wall.add(runOnce(command, output));
            OptionalDouble cpuAfter = ChildCpuTime.seconds();
            if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
                cpu.add(cpuAfter.getAsDouble() - cpuBefore.getAsDouble());
            }
            out.printf(Locale.ROOT, "%s, run %d: %.3f s%s%n", name, run, wall.get(wall.size() - 1),
                    cpu.size() == wall.size() ? String.format(Locale.ROOT, " (CPU %.2f s)", cpu.get(cpu.size() - 1)) : "");
        }
        return new Runs(wall, cpu.size() == wall.size() ? cpu : List.of());
    }

    private static double runOnce(List<String> command, Path output) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            throw new IOException(String.join(" ", command) + " exited with status " + exit + ":\n"
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        return seconds;
    }

    /**
     * The result as a Markdown table (wall time: median, 90th percentile, fastest; CPU time of the process:
     * median), for docs/benchmarks.md.
     */
    public static String markdown(Result result) {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%d runs each, after one untimed run; `-c '%s'` against a local server.%n%n",
                result.options().runs(), result.options().sql()));
        table.append("| command | median s | p90 s | fastest s | median CPU s |\n| --- | ---: | ---: | ---: | ---: |\n");
        row(table, "`bin/gizmo-edge client ... -c '" + result.options().sql() + "'`", result.statement());
        row(table, "`bin/gizmo-edge --version`", result.version());
        return table.toString();
    }

    private static void row(StringBuilder table, String what, Runs runs) {
        List<Double> wall = runs.wallSeconds();
        table.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %s |%n", what, Statistics.median(wall),
                Statistics.percentile(wall, 90), Statistics.percentile(wall, 0),
                runs.cpuSeconds().isEmpty() ? Figures.UNKNOWN
                        : String.format(Locale.ROOT, "%.2f", Statistics.median(runs.cpuSeconds()))));
    }
}
