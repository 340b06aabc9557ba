package io.gizmoedge.integration;

import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.TpchDemo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Bootstrapped TPC-H SF 0.01 datasets that the integration tests share, one per shard count (made once per build). */
final class TestDataset {
    static final double SCALE_FACTOR = 0.01;
    static final int SHARDS = 4;
    private static final Map<Integer, ClusterFiles> DATASETS = new HashMap<>();

    private TestDataset() {
    }

    /** The dataset with {@value #SHARDS} shards. */
    static ClusterFiles files() throws Exception {
        return files(SHARDS);
    }

    static synchronized ClusterFiles files(int shards) throws Exception {
        ClusterFiles files = DATASETS.get(shards);
        if (files == null) {
            files = TpchDemo.prepare(Path.of("target", "test-data", "sf0.01-" + shards + "-shards"), SCALE_FACTOR, shards,
                    new PrintStream(System.err, true));
            DATASETS.put(shards, files);
        }
        return files;
    }

    static Path workDirectory(String name) {
        return Path.of("target", "test-clusters", name + "-" + System.nanoTime());
    }
}
