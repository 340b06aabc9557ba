package io.gizmoedge.catalog;

import java.util.regex.Pattern;

/**
 * The documented, stable function that maps a co-location key value to a shard.
 *
 * <p>{@code shard(k) = ((k * 2654435761) mod 2^32) mod S} for {@code k >= 0} and shard count
 * {@code S >= 1}: Knuth's multiplicative hash on the low 32 bits, then reduced modulo the shard
 * count. The name {@value #NAME} is stored in {@link ShardManifest#hashFunction()}; a manifest
 * naming another function must not be read with this one.
 */
public final class ShardHash {
    /** The name of this function as stored in the manifest. */
    public static final String NAME = "knuth-multiplicative-32";
    /** Knuth's multiplier, floor(2^32 / golden ratio). */
    public static final long MULTIPLIER = 2654435761L;
    /** The largest shard count the system supports. */
    public static final int MAX_SHARD_COUNT = 1000;

    private static final long MASK_32 = 0xFFFF_FFFFL;
    private static final Pattern COLUMN_REFERENCE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private ShardHash() {
    }

    /**
     * The shard of {@code key} among {@code shardCount} shards.
     *
     * @throws IllegalArgumentException if the key is negative or the shard count is out of 1..1000
     */
    public static int shardOf(long key, int shardCount) {
        checkShardCount(shardCount);
        if (key < 0) {
            throw new IllegalArgumentException("shard keys must not be negative, got " + key);
        }
        // The low 32 bits of a two's-complement product are exact even when the long overflows.
        long hash = (key * MULTIPLIER) & MASK_32;
        return (int) (hash % shardCount);
    }

    /**
     * The same function as DuckDB SQL over {@code column} (a column name, optionally qualified
     * as {@code alias.column}). The arithmetic is done in HUGEINT so it cannot overflow; the
     * result is an INTEGER.
     */
    public static String sqlExpression(String column, int shardCount) {
        checkShardCount(shardCount);
        if (column == null || !COLUMN_REFERENCE.matcher(column).matches()) {
            throw new IllegalArgumentException("not a plain column reference: " + column);
        }
        return "CAST(((CAST(" + column + " AS HUGEINT) * " + MULTIPLIER + ") % " + (MASK_32 + 1) + ") % "
                + shardCount + " AS INTEGER)";
    }

    /** Checks that {@code shardCount} is in 1..{@value #MAX_SHARD_COUNT}. */
    public static int checkShardCount(int shardCount) {
        if (shardCount < 1 || shardCount > MAX_SHARD_COUNT) {
            throw new IllegalArgumentException(
                    "shard count must be between 1 and " + MAX_SHARD_COUNT + ", got " + shardCount);
        }
        return shardCount;
    }
}
