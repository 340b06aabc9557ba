package io.gizmoedge.samples;

import io.gizmoedge.bootstrap.OutputExistsException;
import io.gizmoedge.bootstrap.ProgressListener;
import io.gizmoedge.bootstrap.TpchGenerator;
import io.gizmoedge.engine.SqlNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * Writes sample files: generates TPC-H at a scale factor with {@link TpchGenerator} (as bootstrap
 * does) into a scratch DuckDB database, then writes each dataset's tables from it with DuckDB's
 * {@code COPY} into {@code <output>/<dataset>/<table>.<format>}. Refuses to replace an existing
 * file unless told to overwrite; then nothing is written.
 */
public final class SampleFileWriter {
    /** The step name reported to the progress listener for writing the files. */
    public static final String STEP = "write";
    private static final String SCRATCH = ".sample-files-tpch.duckdb";

    private final TpchGenerator generator;
    private final double scaleFactor;
    private final int threads;

    /**
     * @param scaleFactor the TPC-H scale factor the files derive from (at least 0.01)
     * @param threads threads generating TPC-H
     */
    public SampleFileWriter(double scaleFactor, int threads) {
        this.generator = new TpchGenerator(scaleFactor, threads);
        this.scaleFactor = scaleFactor;
        this.threads = threads;
    }

    /** Where {@code dataset}'s files go under {@code output}, in the order they are written. */
    public static List<Path> targets(Path output, SampleDataset dataset) {
        Path directory = output.resolve(dataset.directoryName());
        return dataset.files().stream().map(file -> directory.resolve(file.fileName())).toList();
    }

    /**
     * Writes the files of {@code datasets} under {@code output}.
     *
     * @throws OutputExistsException if a file exists and {@code overwrite} is false (nothing is written then)
     */
    public List<SampleFile> write(Path output, Set<SampleDataset> datasets, boolean overwrite, ProgressListener listener)
            throws IOException, SQLException {
        Set<SampleDataset> ordered = datasets.isEmpty() ? EnumSet.noneOf(SampleDataset.class) : EnumSet.copyOf(datasets);
        if (!overwrite) {
            for (SampleDataset dataset : ordered) {
                for (Path target : targets(output, dataset)) {
                    if (Files.exists(target)) {
                        throw new OutputExistsException(target);
                    }
                }
            }
        }
        for (SampleDataset dataset : ordered) {
            Files.createDirectories(output.resolve(dataset.directoryName()));
        }
        Path scratch = output.resolve(SCRATCH);
        deleteScratch(scratch);
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + scratch.toAbsolutePath())) {
            long started = System.nanoTime();
            listener.stepStarted(TpchGenerator.STEP, String.format(Locale.ROOT,
                    "generating TPC-H scale factor %s on %d threads", scaleFactor, threads));
            generator.generate(connection, listener);
            listener.stepFinished(TpchGenerator.STEP, since(started));

            List<SampleFile> written = new ArrayList<>();
            for (SampleDataset dataset : ordered) {
                started = System.nanoTime();
                listener.stepStarted(STEP, "writing " + dataset.directoryName() + " files into "
                        + output.resolve(dataset.directoryName()));
                for (SampleTable table : dataset.files()) {
                    written.add(write(connection, output, dataset, table, listener));
                }
                listener.stepFinished(STEP, since(started));
            }
            return List.copyOf(written);
        } finally {
            deleteScratch(scratch);
        }
    }

    private static SampleFile write(DuckDBConnection connection, Path output, SampleDataset dataset, SampleTable table,
            ProgressListener listener) throws SQLException, IOException {
        long started = System.nanoTime();
        Path target = output.resolve(dataset.directoryName()).resolve(table.fileName());
        String file = SqlNames.literal(target.toAbsolutePath().toString());
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY (" + table.query() + ") TO " + file + " (" + table.format().copyOptions() + ")");
            long rows;
            try (ResultSet count = statement.executeQuery(
                    "SELECT count(*) FROM " + table.format().readFunction() + "(" + file + ")")) {
                count.next();
                rows = count.getLong(1);
            }
            listener.tableFinished(STEP, table.fileName(), rows, since(started));
            return new SampleFile(target, dataset, table, rows, Files.size(target));
        }
    }

    private static void deleteScratch(Path scratch) throws IOException {
        Files.deleteIfExists(scratch);
        Files.deleteIfExists(Path.of(scratch + ".wal"));
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
