package io.gizmoedge.server;

import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.transport.FrameSender;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Streams shard files (of any catalog version still on disk) to the workers that ask for them, in chunks. */
final class ShardFileServer {
    private static final Logger LOG = LoggerFactory.getLogger(ShardFileServer.class);

    private final Path shardDirectory;
    private final int chunkBytes;

    /** Serves the shard files under {@code shardDirectory}, which are named by their SHA-256. */
    ShardFileServer(Path shardDirectory, long maxMessageBytes) {
        this.shardDirectory = shardDirectory;
        this.chunkBytes = (int) Math.min(1024 * 1024, maxMessageBytes - BinaryFrame.HEADER_BYTES);
    }

    void send(Message.FetchFile request, FrameSender sender) {
        Path path = ShardFile.isSha256(request.sha256()) ? shardDirectory.resolve(ShardFile.contentPath(request.sha256())) : null;
        if (path == null || !Files.isRegularFile(path)) {
            sender.sendQuietly(new Message.FileFailed(request.transferId(), "no shard file has sha-256 " + request.sha256()));
            return;
        }
        long sent = 0;
        try (InputStream in = Files.newInputStream(path)) {
            byte[] chunk = new byte[chunkBytes];
            int read;
            while ((read = in.readNBytes(chunk, 0, chunk.length)) > 0) {
                sender.sendBinary(BinaryFrame.Kind.FILE_CHUNK, request.transferId(), chunk, 0, read);
                sent += read;
            }
            sender.send(new Message.FileComplete(request.transferId(), sent));
        } catch (IOException e) {
            LOG.warn("sending {} failed after {} bytes: {}", path, sent, e.getMessage());
            sender.sendQuietly(new Message.FileFailed(request.transferId(), "the server could not send the file: " + e.getMessage()));
        }
    }
}
