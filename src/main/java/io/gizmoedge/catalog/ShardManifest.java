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
 * @param formatVersion manifest format, currently 2
 * @param version the catalog version: every statement that changes data publishes the next one
 * @param scaleFactor TPC-H scale factor bootstrap generated (0 when it generated none)
 * @param hashFunction name of the documented function that maps a co-location key to a shard
 */
public record ShardManifest(
        int formatVersion,
        long version,
        double scaleFactor,
        String hashFunction,
        List<TableDefinition> tables,
        List<ShardBundle> shards,
        ShardBundle replicated) {

    public static final int CURRENT_FORMAT_VERSION = 2;

    public ShardManifest {
        Objects.requireNonNull(hashFunction, "hashFunction");
        tables = List.copyOf(tables);
        shards = List.copyOf(shards);
        Objects.requireNonNull(replicated, "replicated");
        if (formatVersion != CURRENT_FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported manifest format version " + formatVersion
                    + " (this build reads version " + CURRENT_FORMAT_VERSION + "); run bootstrap again");
        }
        if (version < 1) {
            throw new IllegalArgumentException("catalog version must be positive");
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

    /** An empty catalog of {@code shardCount} shards, version 1. */
    public static ShardManifest empty(int shardCount, double scaleFactor) {
        ShardHash.checkShardCount(shardCount);
        List<ShardBundle> bundles = new java.util.ArrayList<>();
        for (int i = 0; i < shardCount; i++) {
            bundles.add(new ShardBundle(i, List.of()));
        }
        return new ShardManifest(CURRENT_FORMAT_VERSION, 1, scaleFactor, ShardHash.NAME, List.of(), bundles,
                new ShardBundle(ShardBundle.REPLICATED_ID, List.of()));
    }

    /** The next version: these tables and bundles. */
    public ShardManifest next(List<TableDefinition> newTables, List<ShardBundle> newShards, ShardBundle newReplicated) {
        return new ShardManifest(formatVersion, version + 1, scaleFactor, hashFunction, newTables, newShards, newReplicated);
    }

    /** The sha-256 of every file this version lists, in every bundle. */
    public Set<String> fileDigests() {
        Set<String> digests = new HashSet<>();
        shards.forEach(bundle -> bundle.files().forEach(f -> digests.add(f.sha256())));
        replicated.files().forEach(f -> digests.add(f.sha256()));
        return Set.copyOf(digests);
    }

    /** Every file of {@code table}, in every bundle. */
    public List<ShardFile> filesOf(String table) {
        List<ShardFile> files = new java.util.ArrayList<>();
        for (ShardBundle bundle : shards) {
            bundle.files().stream().filter(f -> f.table().equalsIgnoreCase(table)).forEach(files::add);
        }
        replicated.files().stream().filter(f -> f.table().equalsIgnoreCase(table)).forEach(files::add);
        return files;
    }

    public Optional<TableDefinition> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }
}
