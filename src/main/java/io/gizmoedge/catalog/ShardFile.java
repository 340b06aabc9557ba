package io.gizmoedge.catalog;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One file of a shard bundle: the rows of {@code table} that belong to the bundle, stored as
 * Parquet. {@code path} is relative to the directory that holds the manifest.
 */
public record ShardFile(String table, String path, long sizeBytes, String sha256) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** The directory, under the shard directory, that holds every shard file, named by its content. */
    public static final String DIRECTORY = "files";

    public ShardFile {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("file size must not be negative");
        }
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
        }
        if (path.startsWith("/") || path.contains("..")) {
            throw new IllegalArgumentException("shard file path must be relative and stay inside the shard directory: " + path);
        }
    }

    /** The path, relative to the shard directory, of the shard file whose SHA-256 is {@code sha256}. */
    public static String contentPath(String sha256) {
        return DIRECTORY + "/" + sha256 + ".parquet";
    }

    /** True when {@code text} is a SHA-256 as the manifest records it. */
    public static boolean isSha256(String text) {
        return SHA256_HEX.matcher(text).matches();
    }
}
