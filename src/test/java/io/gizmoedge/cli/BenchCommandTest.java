package io.gizmoedge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.bench.BenchmarkOptions;
import io.gizmoedge.bench.MatrixOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
    private final StringWriter err = new StringWriter();

    private BenchmarkOptions bench(String... args) {
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.parseArgs(args);
        return ((BenchCommand) commandLine.getCommand()).options();
    }

    @Test
    void benchDefaultsAreSf1FourShardsTwoWorkersFiveRunsTenWarmUpRoundsAllQueries() {
        BenchmarkOptions options = bench();
        assertThat(options.scaleFactor()).isEqualTo(1.0);
        assertThat(options.shards()).isEqualTo(4);
        assertThat(options.workers()).isEqualTo(2);
        assertThat(options.runs()).isEqualTo(5);
        assertThat(options.warmUpRounds()).isEqualTo(10);
        assertThat(options.threads()).isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(options.directory()).isEqualTo(Path.of("bench"));
        assertThat(options.queries()).hasSize(22);
        assertThat(options.output()).isEqualTo(Path.of("bench/report.md"));
    }

    @Test
    void benchOptionsAreTakenAsGiven() {
        BenchmarkOptions options = bench("--scale-factor=0.1", "--shards=11", "--workers=3", "--runs=5",
                "--threads=6", "--directory=/tmp/b", "--queries=1,3,6", "--output=/tmp/r/sf01.md");
        assertThat(options.scaleFactor()).isEqualTo(0.1);
        assertThat(options.shards()).isEqualTo(11);
        assertThat(options.threadsPerWorker()).isEqualTo(2);
        assertThat(options.queries()).containsExactly(1, 3, 6);
        assertThat(options.output()).isEqualTo(Path.of("/tmp/r/sf01.md"));
    }

    @Test
    void directTransferStartsTheWorkersWithAnAddressTheOthersReach() {
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.parseArgs("--direct-transfer", "--worker-memory-limit=3GB", "--repartition-queries");
        assertThat(((BenchCommand) commandLine.getCommand()).workerOptions())
                .containsExactly("--duckdb-memory-limit", "3GB", "--advertise-address", "127.0.0.1");
        commandLine = new CommandLine(new BenchCommand());
        commandLine.parseArgs();
        assertThat(((BenchCommand) commandLine.getCommand()).workerOptions()).isEmpty();
    }

    @Test
    void badBenchOptionsAreUsageErrorsWithExitStatus2() {
        CommandLine commandLine = GizmoEdgeCommand.newCommandLine().setErr(new PrintWriter(err));
        int status = commandLine.execute("bench", "--queries=0,1", "--threads=2");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Error: --queries '0,1' is not valid").contains("gizmo-edge bench --help");
    }

    @Test
    void matrixDefaultsAreSf01WithShards1411AndWorkers123() {
        CommandLine commandLine = new CommandLine(new VerifyMatrixCommand());
        commandLine.parseArgs();
        MatrixOptions options = ((VerifyMatrixCommand) commandLine.getCommand()).options();
        assertThat(options.scaleFactor()).isEqualTo(0.1);
        assertThat(options.shardCounts()).isEqualTo(List.of(1, 4, 11));
        assertThat(options.workerCounts()).isEqualTo(List.of(1, 2, 3));
        assertThat(options.queries()).hasSize(22);
        assertThat(options.directory()).isEqualTo(Path.of("bench/matrix"));
    }

    @Test
    void badMatrixOptionsAreUsageErrors() {
        CommandLine commandLine = GizmoEdgeCommand.newCommandLine().setErr(new PrintWriter(err));
        assertThat(commandLine.execute("verify-matrix", "--worker-counts=1,two")).isEqualTo(2);
        assertThat(err.toString()).contains("--worker-counts '1,two': 'two' is not a whole number");
    }
}
