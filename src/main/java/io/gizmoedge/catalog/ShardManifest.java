package io.gizmoedge.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What bootstrap wrote: every table with its distribution, every shard with its files, and the
 * replicated bundle. The server builds its catalog and hands out shards from this alone.
 *
 * @param formatVersion manifest format, currently 1
 * @param scaleFactor TPC-H scale factor the data was generated at
 * @param hashFunction name of the documented function that maps a co-location key to a shard
 */
public record ShardManifest(
        int formatVersion,
        double scaleFactor,
        String hashFunction,
        List<TableDefinition> tables,
        List<ShardBundle> shards,
        ShardBundle replicated) {

    public static final int CURRENT_FORMAT_VERSION = 1;

    public ShardManifest {
        Objects.requireNonNull(hashFunction, "hashFunction");
        tables = List.copyOf(tables);
        shards = List.copyOf(shards);
        Objects.requireNonNull(replicated, "replicated");
        if (formatVersion != CURRENT_FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported manifest format version " + formatVersion
                    + " (this build reads version " + CURRENT_FORMAT_VERSION + "); run bootstrap again");
        }
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("manifest lists no shards");
        }
        for (int i = 0; i < shards.size(); i++) {
            if (shards.get(i).id() != i) {
                throw new IllegalArgumentException("shards must be listed in order 0.." + (shards.size() - 1));
            }
        }
        if (!replicated.isReplicated()) {
            throw new IllegalArgumentException("the replicated bundle must have id " + ShardBundle.REPLICATED_ID);
        }
        Set<String> names = new HashSet<>();
        for (TableDefinition table : tables) {
            if (!names.add(table.name())) {
                throw new IllegalArgumentException("table " + table.name() + " is listed twice");
            }
        }
    }

    public int shardCount() {
        return shards.size();
    }

    public Optional<TableDefinition> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }
}
