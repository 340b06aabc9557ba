package io.gizmoedge.worker;

import io.gizmoedge.catalog.FileDigests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Shard files being received from the server: chunks are written to disk and hashed as they arrive. */
final class FileDownloads {
    private final ShardCache cache;
    private final AtomicLong transferIds = new AtomicLong();
    private final Map<Long, Download> downloads = new ConcurrentHashMap<>();

    FileDownloads(ShardCache cache) {
        this.cache = cache;
    }

    private static final class Download {
        final String sha256;
        final Path file;
        final FileChannel channel;
        final MessageDigest digest = FileDigests.newSha256();
        final CompletableFuture<Path> done = new CompletableFuture<>();
        long bytes;

        Download(String sha256, Path file) throws IOException {
            this.sha256 = sha256;
            this.file = file;
            // the options Files.newOutputStream uses; the temporary file already exists and is empty
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        }
    }

    /** A download in progress: the id to ask the server with, and the cached file once verified. */
    record Started(long transferId, CompletableFuture<Path> file) {
    }

    Started start(String sha256) throws IOException {
        long id = transferIds.incrementAndGet();
        Download download = new Download(sha256, cache.newTemporaryFile());
        downloads.put(id, download);
        return new Started(id, download.done);
    }

    void chunk(long transferId, ByteBuffer bytes) {
        Download download = downloads.get(transferId);
        if (download == null) {
            return;
        }
        try {
            download.digest.update(bytes.duplicate());
            download.bytes += bytes.remaining();
            while (bytes.hasRemaining()) {
                download.channel.write(bytes);
            }
        } catch (IOException e) {
            fail(transferId, "writing the shard file failed: " + e.getMessage());
        }
    }

    void complete(long transferId, long sizeBytes) {
        Download download = downloads.remove(transferId);
        if (download == null) {
            return;
        }
        try {
            download.channel.close();
            if (download.bytes != sizeBytes) {
                throw new IOException("received " + download.bytes + " of " + sizeBytes + " bytes of shard file " + download.sha256);
            }
            cache.admit(download.file, download.sha256, FileDigests.hex(download.digest));
            download.done.complete(cache.pathOf(download.sha256));
        } catch (IOException e) {
            deleteQuietly(download.file);
            download.done.completeExceptionally(e);
        }
    }

    void fail(long transferId, String message) {
        Download download = downloads.remove(transferId);
        if (download != null) {
            closeQuietly(download);
            deleteQuietly(download.file);
            download.done.completeExceptionally(new IOException(message));
        }
    }

    /** Fails every download in progress (the connection is gone). */
    void failAll(String message) {
        for (Long id : Map.copyOf(downloads).keySet()) {
            fail(id, message);
        }
    }

    private static void closeQuietly(Download download) {
        try {
            download.channel.close();
        } catch (IOException ignored) {
            // the file is deleted next
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stray temporary file is harmless
        }
    }
}
