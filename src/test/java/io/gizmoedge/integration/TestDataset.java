package io.gizmoedge.integration;

import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.TpchDemo;
import java.io.PrintStream;
import java.nio.file.Path;

/** The bootstrapped TPC-H SF 0.01 dataset with 4 shards that the integration tests share (made once per build). */
final class TestDataset {
    static final double SCALE_FACTOR = 0.01;
    static final int SHARDS = 4;
    private static ClusterFiles files;

    private TestDataset() {
    }

    static synchronized ClusterFiles files() throws Exception {
        if (files == null) {
            files = TpchDemo.prepare(Path.of("target", "test-data", "sf0.01-4-shards"), SCALE_FACTOR, SHARDS,
                    new PrintStream(System.err, true));
        }
        return files;
    }

    static Path workDirectory(String name) {
        return Path.of("target", "test-clusters", name + "-" + System.nanoTime());
    }
}
