package io.gizmoedge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-node copy belongs to one catalog: a new bootstrap into the same directory starts the
 * versions again, and its checks must not read the copy of the earlier catalog (a demo at another
 * scale factor compared every answer with the old data).
 */
class SingleNodeCopyTest {
    @TempDir
    Path data;

    @Test
    void aNewCatalogWithTheSameVersionGetsItsOwnCopy() throws Exception {
        Path manifestFile = Files.createDirectories(data.resolve("shards")).resolve(ManifestFile.FILE_NAME);
        ManifestFile.write(manifestFile, ShardManifest.empty(4, 0));
        Path first = TableStore.singleNodeCopy(manifestFile);
        assertThat(TableStore.singleNodeCopy(manifestFile)).as("reused for the same catalog").isEqualTo(first);

        ManifestFile.write(manifestFile, ShardManifest.empty(2, 0));
        assertThat(ManifestFile.read(manifestFile).version()).isEqualTo(1);
        Path second = TableStore.singleNodeCopy(manifestFile);
        assertThat(second).isNotEqualTo(first).isRegularFile();
    }
}
