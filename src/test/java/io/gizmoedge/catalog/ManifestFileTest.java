package io.gizmoedge.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestFileTest {
    private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    static ShardManifest sample() {
        TableDefinition customer = new TableDefinition("customer", TableDistribution.PARTITIONED,
                List.of(new ColocationKey("c_custkey", "cust")),
                List.of(new ColumnDefinition("c_custkey", "BIGINT"), new ColumnDefinition("c_acctbal", "DECIMAL(15,2)")),
                1500);
        TableDefinition nation = new TableDefinition("nation", TableDistribution.REPLICATED, List.of(),
                List.of(new ColumnDefinition("n_nationkey", "BIGINT")), 25);
        List<ShardBundle> shards = List.of(
                new ShardBundle(0, List.of(new ShardFile("customer", "shard-0000/customer.parquet", 10, SHA))),
                new ShardBundle(1, List.of(new ShardFile("customer", "shard-0001/customer.parquet", 11, SHA))));
        ShardBundle replicated = new ShardBundle(ShardBundle.REPLICATED_ID,
                List.of(new ShardFile("nation", "replicated/nation.parquet", 12, SHA)));
        return new ShardManifest(ShardManifest.CURRENT_FORMAT_VERSION, 1, 0.01, ShardHash.NAME, List.of(customer, nation), shards, replicated);
    }

    @Test
    void roundTripKeepsEveryComponent() throws IOException {
        Path file = dir.resolve("manifest.json");
        ShardManifest manifest = sample();
        ManifestFile.write(file, manifest);

        assertThat(ManifestFile.read(file)).isEqualTo(manifest);
        String json = Files.readString(file);
        assertThat(json).contains("\"hashFunction\" : \"knuth-multiplicative-32\"")
                .doesNotContain("\"partitioned\"").doesNotContain("\"shardCount\"");
        assertThat(json.lines().count()).isGreaterThan(10);
    }

    @Test
    void missingFileSaysToRunBootstrap() {
        Path file = dir.resolve("absent.json");
        assertThatThrownBy(() -> ManifestFile.read(file))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("run bootstrap");
    }

    @Test
    void corruptFileNamesTheFileAndSaysToRunBootstrap() throws IOException {
        Path file = dir.resolve("manifest.json");
        Files.writeString(file, "{ \"formatVersion\": 1, ");
        assertThatThrownBy(() -> ManifestFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("run bootstrap");
    }

    @Test
    void invalidContentExplainsTheBrokenInvariant() throws IOException {
        Path file = dir.resolve("manifest.json");
        Files.writeString(file, ManifestFile.toJson(sample()).replace("\"formatVersion\" : " + ShardManifest.CURRENT_FORMAT_VERSION, "\"formatVersion\" : 7"));
        assertThatThrownBy(() -> ManifestFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("unsupported manifest format version 7")
                .hasMessageContaining("run bootstrap");
    }
}
