package io.gizmoedge.worker;

import io.gizmoedge.catalog.FileDigests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The worker's shard files on disk, named by their sha-256 so that workers sharing a data
 * directory share files safely. A file enters the cache only after its hash was checked.
 */
final class ShardCache {
    private static final Pattern CACHE_FILE = Pattern.compile("([0-9a-f]{64})\\.parquet");

    private final Path directory;
    /** Files whose content has been hashed by this process. */
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    ShardCache(Path dataDirectory) throws IOException {
        this.directory = dataDirectory.resolve("shards");
        Files.createDirectories(directory);
    }

    /** The hashes of the files present (not yet verified by this process). */
    List<String> presentHashes() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> CACHE_FILE.matcher(p.getFileName().toString()))
                    .filter(java.util.regex.Matcher::matches)
                    .map(m -> m.group(1))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    Path pathOf(String sha256) {
        return directory.resolve(sha256 + ".parquet");
    }

    /** True when the file is present with the right content; a corrupt file is deleted. */
    boolean holdsVerified(String sha256) throws IOException {
        if (verified.contains(sha256)) {
            return Files.isRegularFile(pathOf(sha256));
        }
        Path path = pathOf(sha256);
        if (!Files.isRegularFile(path)) {
            return false;
        }
        if (FileDigests.sha256(path).equals(sha256)) {
            verified.add(sha256);
            return true;
        }
        Files.deleteIfExists(path);
        return false;
    }

    /**
     * Deletes the cached files whose sha-256 is not in {@code keep} (files no catalog version in use
     * lists any more); returns how many were deleted. Downloads in progress are left alone.
     */
    int retainOnly(Set<String> keep) throws IOException {
        int deleted = 0;
        for (String sha256 : presentHashes()) {
            if (!keep.contains(sha256)) {
                verified.remove(sha256);
                if (Files.deleteIfExists(pathOf(sha256))) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /**
     * Checks the content of {@code sha256s} again, even those checked before (a file can be damaged
     * on disk while the worker runs); deletes the corrupt ones and returns how many there were.
     */
    int recheck(List<String> sha256s) throws IOException {
        int corrupt = 0;
        for (String sha256 : sha256s) {
            verified.remove(sha256);
            if (Files.isRegularFile(pathOf(sha256)) && !holdsVerified(sha256)) {
                corrupt++;
            }
        }
        return corrupt;
    }

    /** A temporary file in the cache directory to receive a download into. */
    Path newTemporaryFile() throws IOException {
        return Files.createTempFile(directory, "download-", ".part");
    }

    /** Moves a downloaded file into the cache after checking its hash; deletes it when the hash differs. */
    void admit(Path download, String expectedSha256, String actualSha256) throws IOException {
        if (!expectedSha256.equals(actualSha256)) {
            Files.deleteIfExists(download);
            throw new IOException("shard file " + expectedSha256 + " arrived corrupted (sha-256 " + actualSha256 + ")");
        }
        Files.move(download, pathOf(expectedSha256), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        verified.add(expectedSha256);
    }
}
