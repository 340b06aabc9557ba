package io.gizmoedge.demo;

import io.gizmoedge.bootstrap.BootstrapLayout;
import io.gizmoedge.bootstrap.BootstrapOptions;
import io.gizmoedge.bootstrap.Bootstrapper;
import io.gizmoedge.bootstrap.ProgressListener;
import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/** Bootstraps (or reuses) the demo's TPC-H dataset and knows the demo's accounts. */
public final class TpchDemo {
    public static final String CLIENT_USER = "scott";
    public static final String CLIENT_PASSWORD = "tiger";
    public static final String WORKER_PASSWORD = "united";
    /** The admin account of the demos that load files (it may create tables). */
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret";

    private TpchDemo() {
    }

    /**
     * The dataset under {@code directory} at this scale factor and shard count: reused when a
     * matching one is there, bootstrapped otherwise.
     */
    public static ClusterFiles prepare(Path directory, double scaleFactor, int shardCount, PrintStream progress)
            throws IOException, SQLException {
        BootstrapLayout layout = BootstrapLayout.inDataDirectory(directory.resolve("data"),
                directory.resolve("tls/server.crt"), directory.resolve("tls/server.key"));
        if (matches(layout, scaleFactor, shardCount)) {
            progress.println("Reusing the TPC-H SF " + scaleFactor + " dataset with " + shardCount + " shards in " + directory);
        } else {
            progress.println("Bootstrapping TPC-H SF " + scaleFactor + " with " + shardCount + " shards into " + directory);
            BootstrapOptions options = BootstrapOptions.of(scaleFactor, shardCount, CLIENT_USER, CLIENT_PASSWORD,
                    WORKER_PASSWORD, layout).withOverwrite(true);
            new Bootstrapper().run(options, ProgressListener.printingTo(progress));
        }
        return new ClusterFiles(layout.userListFile(), layout.databaseFile(), layout.manifestFile(),
                layout.tlsCertificateFile(), layout.tlsKeyFile());
    }

    private static boolean matches(BootstrapLayout layout, double scaleFactor, int shardCount) {
        if (!layout.outputs().stream().allMatch(Files::isRegularFile)) {
            return false;
        }
        try {
            ShardManifest manifest = ManifestFile.read(layout.manifestFile());
            return manifest.scaleFactor() == scaleFactor && manifest.shardCount() == shardCount;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
