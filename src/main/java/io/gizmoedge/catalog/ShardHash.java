package io.gizmoedge.catalog;

import java.util.regex.Pattern;

/**
 * The documented, stable function that maps a co-location key value to a shard.
 *
 * <p>Integers of every width (TINYINT to HUGEINT, signed or not) hash by value, so INTEGER 5 and
 * BIGINT 5 land on one shard: {@code shard(k) = ((k mod 2^32) * 2654435761 mod 2^32) mod S} with
 * {@code k mod 2^32} taken in 0..2^32-1. Other hashable types hash the low 32 bits of the MD5 of
 * their text form (TIMESTAMP WITH TIME ZONE: its epoch microseconds, as an integer). NULL goes to
 * shard 0. Types whose equality is not exact or not textual (FLOAT, DOUBLE, INTERVAL, nested
 * types) cannot be hashed. For non-negative integers this is the function below:
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
    /** A column, plain or double-quoted, optionally qualified by a table name. */
    private static final Pattern COLUMN_REFERENCE;

    static {
        String name = "(?:[A-Za-z_][A-Za-z0-9_]*|\"(?:[^\"]|\"\")+\")";
        COLUMN_REFERENCE = Pattern.compile(name + "(?:\\." + name + ")?");
    }

    private static final java.util.Set<String> INTEGER_TYPES = java.util.Set.of("TINYINT", "SMALLINT", "INTEGER",
            "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT");
    private static final java.util.Set<String> TEXT_HASHED_TYPES = java.util.Set.of("VARCHAR", "DATE", "TIME",
            "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "UUID", "BOOLEAN", "BLOB");
    private static final String TIMESTAMP_WITH_TIME_ZONE = "TIMESTAMP WITH TIME ZONE";
    private static final long TWO_TO_32 = MASK_32 + 1;

    private ShardHash() {
    }

    /**
     * The co-location group of a column of DuckDB type {@code type}: two columns whose groups are
     * equal place equal values on the same shard. Empty when values of the type cannot be hashed.
     */
    public static java.util.Optional<String> hashGroup(String type) {
        String normalized = type.trim().toUpperCase(java.util.Locale.ROOT);
        if (INTEGER_TYPES.contains(normalized)) {
            return java.util.Optional.of("hash:integer");
        }
        if (normalized.startsWith("ENUM(")) {
            return java.util.Optional.of("hash:VARCHAR"); // compared with text as text
        }
        if (TEXT_HASHED_TYPES.contains(normalized) || normalized.matches("DECIMAL\\(\\d+,\\s*\\d+\\)")
                || normalized.equals(TIMESTAMP_WITH_TIME_ZONE)) {
            return java.util.Optional.of("hash:" + normalized.replace(" ", ""));
        }
        return java.util.Optional.empty();
    }

    /**
     * The shard of {@code column} (a quoted or plain column reference, optionally qualified) of DuckDB
     * type {@code type} among {@code shardCount} shards, as DuckDB SQL giving an INTEGER.
     *
     * @throws IllegalArgumentException if the type cannot be hashed or {@code column} is not a column reference
     */
    public static String sqlExpression(String column, String type, int shardCount) {
        checkShardCount(shardCount);
        if (column == null || !COLUMN_REFERENCE.matcher(column).matches()) {
            throw new IllegalArgumentException("not a column reference: " + column);
        }
        String normalized = type.trim().toUpperCase(java.util.Locale.ROOT);
        if (hashGroup(normalized).isEmpty()) {
            throw new IllegalArgumentException("values of type " + type + " cannot be hashed to a shard");
        }
        String hash;
        if (normalized.equals("UHUGEINT")) {
            hash = integerHash("CAST(" + column + " % CAST(" + TWO_TO_32 + " AS UHUGEINT) AS HUGEINT)");
        } else if (INTEGER_TYPES.contains(normalized)) {
            hash = integerHash("CAST(" + column + " AS HUGEINT) % " + TWO_TO_32);
        } else if (normalized.equals(TIMESTAMP_WITH_TIME_ZONE)) {
            hash = integerHash("CAST(epoch_us(" + column + ") AS HUGEINT) % " + TWO_TO_32);
        } else {
            hash = "CAST(md5_number(CAST(" + column + " AS VARCHAR)) % " + TWO_TO_32 + " AS BIGINT)";
        }
        return "CAST(COALESCE(" + hash + " % " + shardCount + ", 0) AS INTEGER)";
    }

    /** Knuth's multiplicative hash of a HUGEINT expression in -(2^32-1)..2^32-1, in 0..2^32-1. */
    private static String integerHash(String low32) {
        return "((((" + low32 + ") + " + TWO_TO_32 + ") % " + TWO_TO_32 + ") * " + MULTIPLIER + " % " + TWO_TO_32 + ")";
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

    /** Checks that {@code shardCount} is in 1..{@value #MAX_SHARD_COUNT}. */
    public static int checkShardCount(int shardCount) {
        if (shardCount < 1 || shardCount > MAX_SHARD_COUNT) {
            throw new IllegalArgumentException(
                    "shard count must be between 1 and " + MAX_SHARD_COUNT + ", got " + shardCount);
        }
        return shardCount;
    }
}
