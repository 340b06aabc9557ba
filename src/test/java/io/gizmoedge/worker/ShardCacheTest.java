package io.gizmoedge.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.catalog.FileDigests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardCacheTest {
    @TempDir
    Path dataDirectory;

    @Test
    void aFileDamagedAfterItsCheckIsFoundByARecheckAndDeleted() throws Exception {
        ShardCache cache = new ShardCache(dataDirectory);
        String good = admit(cache, "rows of shard 0");
        String damaged = admit(cache, "rows of shard 1");
        assertThat(cache.holdsVerified(damaged)).isTrue();
        Files.writeString(cache.pathOf(damaged), "bit rot");
        assertThat(cache.holdsVerified(damaged)).as("checked once per process").isTrue();
        assertThat(cache.recheck(List.of(good, damaged))).isEqualTo(1);
        assertThat(cache.pathOf(damaged)).doesNotExist();
        assertThat(cache.holdsVerified(good)).isTrue();
    }

    @Test
    void filesTheCatalogNoLongerListsAreDeleted() throws Exception {
        ShardCache cache = new ShardCache(dataDirectory);
        String kept = admit(cache, "a table that stays");
        String dropped = admit(cache, "a dropped table");
        assertThat(cache.retainOnly(Set.of(kept))).isEqualTo(1);
        assertThat(cache.presentHashes()).containsExactly(kept);
        assertThat(cache.holdsVerified(dropped)).isFalse();
    }

    private static String admit(ShardCache cache, String content) throws Exception {
        Path download = cache.newTemporaryFile();
        Files.writeString(download, content, StandardCharsets.UTF_8);
        String sha256 = FileDigests.sha256(download);
        cache.admit(download, sha256, sha256);
        return sha256;
    }
}
