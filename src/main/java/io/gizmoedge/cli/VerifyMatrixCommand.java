package io.gizmoedge.cli;

import io.gizmoedge.bench.CountList;
import io.gizmoedge.bench.MatrixCell;
import io.gizmoedge.bench.MatrixOptions;
import io.gizmoedge.bench.MatrixReport;
import io.gizmoedge.bench.MatrixVerifier;
import io.gizmoedge.bench.QuerySelection;
import io.gizmoedge.catalog.ShardHash;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gizmo-edge verify-matrix}: TPC-H answers across cluster shapes, checked against single-node DuckDB. */
@Command(name = "verify-matrix", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run the TPC-H queries and the repartitioning checks (queries/repartition: joins, groupings,"
                + " windows and set operations not on the tables' distribution keys) through local clusters with every"
                + " combination of shard count and worker count and compare each answer with single-node DuckDB on the"
                + " same data.",
            "",
            "Exit status: 0 all equal, 1 some answer differs, a query failed or a cluster did not start,"
                + " 2 bad arguments."})
public final class VerifyMatrixCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scale-factor", defaultValue = "0.1", description = "TPC-H scale factor (default: ${DEFAULT-VALUE}).")
    double scaleFactor;

    @Option(names = "--shard-counts", defaultValue = "1,4,11", paramLabel = "LIST",
            description = "Shard counts to check (default: ${DEFAULT-VALUE}); one dataset is kept per count.")
    String shardCounts;

    @Option(names = "--worker-counts", defaultValue = "1,2,3", paramLabel = "LIST",
            description = "Worker counts to check with every shard count (default: ${DEFAULT-VALUE}).")
    String workerCounts;

    @Option(names = "--queries", defaultValue = "all", paramLabel = "LIST",
            description = "TPC-H queries to run, e.g. 1,3,6 or 1-5 (default: all 22).")
    String queries;

    @Option(names = "--directory", defaultValue = "bench/matrix",
            description = "Where the datasets and the clusters' logs live (default: ${DEFAULT-VALUE}).")
    Path directory;

    /** The options as given, validated; a bad value is reported as a usage error. */
    MatrixOptions options() {
        try {
            return new MatrixOptions(scaleFactor,
                    CountList.parse(shardCounts, "--shard-counts", 1, ShardHash.MAX_SHARD_COUNT),
                    CountList.parse(workerCounts, "--worker-counts", 1, 64), directory, QuerySelection.parse(queries));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        MatrixOptions options = options();
        List<MatrixCell> cells = new MatrixVerifier().run(options, System.err);
        System.out.print(new MatrixReport().render(cells));
        return cells.stream().allMatch(MatrixCell::passed) ? 0 : 1;
    }
}
