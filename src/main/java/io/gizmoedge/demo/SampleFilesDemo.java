package io.gizmoedge.demo;

import io.gizmoedge.bootstrap.BootstrapLayout;
import io.gizmoedge.bootstrap.BootstrapOptions;
import io.gizmoedge.bootstrap.Bootstrapper;
import io.gizmoedge.bootstrap.ProgressListener;
import io.gizmoedge.catalog.Directories;
import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.samples.SampleDataset;
import io.gizmoedge.samples.SampleFileWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * A demo that starts from an empty catalog and loads sample files as an admin would: the files are
 * written into {@code <directory>/files} (kept for the next run at the same scale factor), the
 * catalog is bootstrapped empty into {@code <directory>/<dataset>} on every run, and the dataset's
 * {@link DemoDataset#loadStatements()} are sent through the client.
 */
public final class SampleFilesDemo {
    private SampleFilesDemo() {
    }

    /**
     * The files to start a cluster from, and the import directory to give the server.
     *
     * @param files what bootstrap wrote (an empty catalog with the demo's accounts and an admin)
     * @param importDirectory the directory the sample files are in
     */
    public record Prepared(ClusterFiles files, Path importDirectory) {
    }

    /** Writes (or reuses) the sample files and bootstraps an empty catalog for {@code dataset}. */
    public static Prepared prepare(Path directory, DemoDataset dataset, double scaleFactor, int shardCount,
            PrintStream progress) throws IOException, SQLException {
        SampleDataset sample = dataset.sampleFiles().orElseThrow(() -> new IllegalArgumentException(
                "the " + dataset.cliName() + " demo does not load files"));
        Path imports = directory.resolve("files");
        writeSampleFiles(imports, sample, scaleFactor, progress);

        Path root = directory.resolve(dataset.cliName());
        Directories.deleteRecursively(root); // a fresh catalog, logs and worker caches on every run
        BootstrapLayout layout = BootstrapLayout.inDataDirectory(root.resolve("data"), root.resolve("tls/server.crt"),
                root.resolve("tls/server.key"));
        progress.println("Bootstrapping an empty catalog with " + shardCount + " shards and an admin account into " + root);
        new Bootstrapper().run(BootstrapOptions.of(0, shardCount, TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD,
                TpchDemo.WORKER_PASSWORD, layout).withAdmin(TpchDemo.ADMIN_USER, TpchDemo.ADMIN_PASSWORD),
                ProgressListener.printingTo(progress));
        ClusterFiles files = new ClusterFiles(layout.userListFile(), layout.databaseFile(), layout.manifestFile(),
                layout.tlsCertificateFile(), layout.tlsKeyFile());
        return new Prepared(files, imports);
    }

    /** Sends the dataset's load statements as {@code admin}, printing each with the server's answer. */
    public static void load(QueryExecutor admin, DemoDataset dataset, PrintStream out)
            throws IOException, QueryFailedException {
        out.println("Loading the " + dataset.cliName() + " tables as " + TpchDemo.ADMIN_USER + ":");
        for (String statement : dataset.loadStatements()) {
            out.println("  " + statement + ";");
            long started = System.nanoTime();
            try (QueryResult result = admin.execute(statement, QueryOptions.DEFAULT)) {
                String status = result.batches().isEmpty() || result.batches().get(0).getRowCount() == 0 ? ""
                        : result.batches().get(0).getVector(0).getObject(0) + ", ";
                out.printf(Locale.ROOT, "    %s%s (%d ms)%n", status, result.summary().describe(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
    }

    /** Writes the files of {@code sample} unless those of this scale factor are there from an earlier run. */
    private static void writeSampleFiles(Path imports, SampleDataset sample, double scaleFactor, PrintStream progress)
            throws IOException, SQLException {
        Path marker = imports.resolve("." + sample.directoryName() + "-scale-factor");
        String wanted = Double.toString(scaleFactor);
        boolean present = SampleFileWriter.targets(imports, sample).stream().allMatch(Files::isRegularFile)
                && Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).strip().equals(wanted);
        if (present) {
            progress.println("Reusing the " + sample.directoryName() + " sample files of SF " + scaleFactor + " in "
                    + imports.resolve(sample.directoryName()));
            return;
        }
        progress.println("Writing the " + sample.directoryName() + " sample files of SF " + scaleFactor + " into "
                + imports.resolve(sample.directoryName()));
        Files.deleteIfExists(marker);
        new SampleFileWriter(scaleFactor, BootstrapOptions.DEFAULT_GENERATOR_THREADS)
                .write(imports, Set.of(sample), true, ProgressListener.printingTo(progress));
        Files.writeString(marker, wanted + System.lineSeparator(), StandardCharsets.UTF_8);
    }
}
