package io.gizmoedge.loading;

import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An {@code s3://bucket/key} location as a load names it. The key may be a glob: {@code *} matches
 * any characters but {@code /}, {@code ?} one character but {@code /}, and {@code **} any characters
 * including {@code /} ({@code data/**}{@code /*.parquet} also matches {@code data/a.parquet}). Every other
 * character, {@code [} and {@code {} included, stands for itself.
 */
public record S3Location(String bucket, String key) {
    private static final String SCHEME = "s3://";

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isEmpty() || bucket.contains("/")) {
            throw new IllegalArgumentException("not an S3 bucket name: '" + bucket + "'");
        }
    }

    /** True when {@code location} is written {@code s3://...} (in any case). */
    public static boolean isS3(String location) {
        return location.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** Reads {@code s3://bucket/key}; refuses a location without a bucket or a key, or with a wildcard in the bucket. */
    public static S3Location parse(String location) throws LoadException {
        if (!isS3(location)) {
            throw new LoadException("not an s3:// location: " + location);
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new LoadException("cannot read " + location + ": name a bucket and an object, e.g. s3://BUCKET/data/*.parquet");
        }
        if (hasWildcard(bucket)) {
            throw new LoadException("cannot read " + location + ": a bucket name cannot hold wildcards; only the key after"
                    + " the bucket can, e.g. s3://BUCKET/data/*.parquet");
        }
        if (key.isEmpty() || key.endsWith("/")) {
            throw new LoadException("cannot read " + location + ": name an object or a glob after the bucket, e.g. s3://"
                    + bucket + "/" + key + "*.parquet");
        }
        return new S3Location(bucket, key);
    }

    /** True when the key holds a wildcard, so the location may match any number of objects. */
    public boolean isGlob() {
        return hasWildcard(key);
    }

    /** The key up to its first wildcard: the prefix to list (the whole key when it holds none). */
    public String listPrefix() {
        int first = firstWildcard(key);
        return first < 0 ? key : key.substring(0, first);
    }

    /** Tells the keys this location names: the one key, or the keys its glob matches. */
    public Predicate<String> matcher() {
        if (!isGlob()) {
            return key::equals;
        }
        StringBuilder regex = new StringBuilder();
        int literalStart = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '*' && c != '?') {
                continue;
            }
            regex.append(Pattern.quote(key.substring(literalStart, i)));
            if (c == '?') {
                regex.append("[^/]");
            } else if (i + 1 < key.length() && key.charAt(i + 1) == '*') {
                boolean wholeSegments = i + 2 < key.length() && key.charAt(i + 2) == '/';
                regex.append(wholeSegments ? "(?:.*/)?" : ".*");
                i += wholeSegments ? 2 : 1;
            } else {
                regex.append("[^/]*");
            }
            literalStart = i + 1;
        }
        regex.append(Pattern.quote(key.substring(literalStart)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL).asMatchPredicate();
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }

    private static boolean hasWildcard(String text) {
        return firstWildcard(text) >= 0;
    }

    private static int firstWildcard(String text) {
        int star = text.indexOf('*');
        int question = text.indexOf('?');
        return star < 0 ? question : question < 0 ? star : Math.min(star, question);
    }
}
