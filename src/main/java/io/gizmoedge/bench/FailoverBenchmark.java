package io.gizmoedge.bench;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.demo.Answer;
import io.gizmoedge.demo.AnswerComparison;
import io.gizmoedge.demo.DemoCluster;
import io.gizmoedge.demo.DemoDataset;
import io.gizmoedge.demo.LocalCluster;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.protocol.ExecutionLocation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What a worker crash costs a running query. On a local TPC-H cluster it times, in turn:
 * <ol>
 *   <li>the query undisturbed ({@code runs} times after one warm-up);</li>
 *   <li>the re-assignment: a worker killed while the cluster is idle, until the query runs
 *       distributed on the workers left;</li>
 *   <li>the query with a worker killed ({@code kill -9}) {@code killAfter} into it, until the same
 *       call returns, and whether its answer equals the undisturbed one.</li>
 * </ol>
 * The killed worker is started again and awaited between runs. The bound checked is the one the
 * failover promises: at most twice the undisturbed time plus the re-assignment.
 */
public final class FailoverBenchmark {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

    /** What to run and how. */
    public record Options(Path directory, double scaleFactor, int shards, int workers, int threads, int runs,
            Duration killAfter, String sql) {
        public Options {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(killAfter, "killAfter");
            Objects.requireNonNull(sql, "sql");
            if (workers < 2) {
                throw new IllegalArgumentException("--workers must be at least 2: one is killed, the others answer");
            }
            if (shards < workers || runs < 1 || threads < 1 || scaleFactor <= 0) {
                throw new IllegalArgumentException(
                        "--shards must be at least --workers, and --runs, --threads and --scale-factor positive");
            }
        }
    }

    /** Seconds of each measured run. */
    public record Result(Options options, List<Double> undisturbedSeconds, List<Double> reassignmentSeconds,
            List<Double> failoverSeconds, List<String> problems) {
        public Result {
            undisturbedSeconds = List.copyOf(undisturbedSeconds);
            reassignmentSeconds = List.copyOf(reassignmentSeconds);
            failoverSeconds = List.copyOf(failoverSeconds);
            problems = List.copyOf(problems);
        }

        /** Twice the median undisturbed time plus the median re-assignment. */
        public double boundSeconds() {
            return 2 * Statistics.median(undisturbedSeconds) + Statistics.median(reassignmentSeconds);
        }

        public boolean withinBound() {
            return failoverSeconds.stream().allMatch(seconds -> seconds <= boundSeconds());
        }
    }

    private final Options options;

    public FailoverBenchmark(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public Result run(PrintStream out) throws IOException, SQLException, InterruptedException, QueryFailedException {
        int workerThreads = Math.max(1, options.threads() / options.workers());
        DemoCluster.Shape shape = new DemoCluster.Shape(options.shards(), options.workers(), workerThreads,
                options.threads(), List.of());
        try (DemoCluster demo = DemoCluster.start(DemoDataset.TPCH, options.directory(), options.scaleFactor(), shape, out)) {
            LocalCluster cluster = demo.cluster();
            ClusterTimer timer = new ClusterTimer(demo.client());
            List<String> problems = new ArrayList<>();
            ClusterRun warmUp = timer.run(options.sql(), true);
            if (warmUp.summary().location() != ExecutionLocation.DISTRIBUTED) {
                throw new IllegalArgumentException("the query does not run distributed: " + warmUp.summary().describe());
            }
            Answer expected = warmUp.answer().orElseThrow();
            List<Double> undisturbed = new ArrayList<>();
            for (int run = 1; run <= options.runs(); run++) {
                undisturbed.add(timer.run(options.sql(), false).millis() / 1000);
                out.printf(Locale.ROOT, "undisturbed, run %d: %.2f s%n", run, last(undisturbed));
            }
            List<Double> reassignment = new ArrayList<>();
            List<Double> failover = new ArrayList<>();
            for (int run = 1; run <= options.runs(); run++) {
                reassignment.add(timeReassignment(cluster));
                out.printf(Locale.ROOT, "re-assignment after a worker killed while idle, run %d: %.2f s%n", run,
                        last(reassignment));
                ClusterRun interrupted = runWithKill(cluster, timer);
                failover.add(interrupted.millis() / 1000);
                out.printf(Locale.ROOT, "worker killed %d ms into the query, run %d: answered after %.2f s (%s)%n",
                        options.killAfter().toMillis(), run, last(failover), interrupted.summary().describe());
                AnswerComparison.difference(expected, interrupted.answer().orElseThrow(),
                        AnswerComparison.isOrdered(options.sql()))
                        .ifPresent(difference -> problems.add("run " + failover.size() + ": the answer differs: " + difference));
                restartKilledWorkers(cluster);
            }
            return new Result(options, undisturbed, reassignment, failover, problems);
        }
    }

    /** Kills a worker while nothing runs and times until the probe runs distributed on the others. */
    private double timeReassignment(LocalCluster cluster) throws IOException, InterruptedException {
        cluster.killWorker(cluster.workerNumbers().get(0));
        long started = System.nanoTime();
        awaitWorkers(cluster, options.workers() - 1);
        double seconds = (System.nanoTime() - started) / 1e9;
        restartKilledWorkers(cluster);
        return seconds;
    }

    private ClusterRun runWithKill(LocalCluster cluster, ClusterTimer timer) throws IOException, InterruptedException,
            QueryFailedException {
        Future<ClusterRun> running = CompletableFuture.supplyAsync(() -> {
            try {
                return timer.run(options.sql(), true);
            } catch (QueryFailedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(options.killAfter().toMillis());
        cluster.killWorker(cluster.workerNumbers().get(0));
        try {
            return running.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalStateException wrapper && wrapper.getCause() instanceof QueryFailedException failed) {
                throw failed;
            }
            throw new IOException("the query under a worker crash did not finish", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the query under a worker crash did not finish in " + READY_TIMEOUT.toMinutes() + " min", e);
        }
    }

    private void restartKilledWorkers(LocalCluster cluster) throws IOException, InterruptedException {
        cluster.restartKilledWorkers();
        awaitWorkers(cluster, options.workers());
    }

    private static void awaitWorkers(LocalCluster cluster, int workers) throws IOException, InterruptedException {
        cluster.awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, workers, READY_TIMEOUT).close();
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    /** The result as a Markdown table (medians and the slowest failover), for docs/benchmarks.md. */
    public static String markdown(Result result) {
        Options options = result.options();
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "SF %s, %d shards, %d workers, %d DuckDB threads in all, %d runs; "
                        + "a worker killed %.1f s into the query.%n%n", Figures.scaleFactor(options.scaleFactor()),
                options.shards(), options.workers(), options.threads(), options.runs(), options.killAfter().toMillis() / 1000.0));
        table.append("| measured | median s | slowest s |\n| --- | ---: | ---: |\n");
        row(table, "the query, undisturbed", result.undisturbedSeconds());
        row(table, "re-assignment after a worker is killed while idle", result.reassignmentSeconds());
        row(table, "the query with a worker killed in it", result.failoverSeconds());
        table.append(String.format(Locale.ROOT, "%nBound (2 × undisturbed + re-assignment): %.2f s, %s; answers: %s.%n",
                result.boundSeconds(), result.withinBound() ? "every run within it" : "missed",
                result.problems().isEmpty() ? "all equal to the undisturbed answer" : String.join("; ", result.problems())));
        return table.toString();
    }

    private static void row(StringBuilder table, String what, List<Double> seconds) {
        table.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", what, Statistics.median(seconds),
                seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
    }
}
