package io.gizmoedge.loading;

/**
 * How much one file function of one statement may download from S3: the objects land on the
 * server's disk before DuckDB reads them, so a glob that matches a whole bucket is refused
 * rather than filling the disk.
 *
 * @param maxObjects the most objects one {@code s3://} location may match
 * @param maxBytes the most bytes the objects one location matches may add up to
 */
public record S3Limits(int maxObjects, long maxBytes) {
    public static final S3Limits DEFAULT = new S3Limits(10_000, 10L * 1024 * 1024 * 1024);

    public S3Limits {
        if (maxObjects < 1) {
            throw new IllegalArgumentException("the most S3 objects a load reads must be positive, not " + maxObjects);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the most bytes a load downloads from S3 must be positive, not " + maxBytes);
        }
    }

    /** {@code bytes} for people: 10 GiB, 512 MiB, 300 bytes. */
    static String describeBytes(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value))
                + " " + units[unit];
    }
}
