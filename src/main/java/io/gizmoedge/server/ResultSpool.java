package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds the payloads of a query's last stage until every worker has finished it, so that a stage
 * re-run after a worker was lost never sends the client rows twice, and so that a worker never
 * waits for a client that reads slowly. The first payloads stay in memory; past
 * {@code memoryLimitBytes} the rest go to a file in {@code directory}, deleted on close.
 * Accepting is thread-safe (workers' frames arrive on several threads).
 */
final class ResultSpool implements PayloadSink, AutoCloseable {
    private final Path directory;
    private final long memoryLimitBytes;
    private final List<byte[]> inMemory = new ArrayList<>();
    private long memoryBytes;
    private Path file;
    private DataOutputStream fileOutput;
    private long fileCount;
    private boolean closed;

    ResultSpool(Path directory, long memoryLimitBytes) {
        if (memoryLimitBytes < 0) {
            throw new IllegalArgumentException("memoryLimitBytes must not be negative");
        }
        this.directory = directory;
        this.memoryLimitBytes = memoryLimitBytes;
    }

    @Override
    public synchronized void accept(byte[] payload) throws IOException {
        if (closed) {
            throw new IOException("the query's result was discarded");
        }
        if (fileOutput == null && memoryBytes + payload.length <= memoryLimitBytes) {
            inMemory.add(payload);
            memoryBytes += payload.length;
            return;
        }
        if (fileOutput == null) {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, "result-", ".spool");
            fileOutput = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        }
        fileOutput.writeInt(payload.length);
        fileOutput.write(payload);
        fileCount++;
    }

    /** Sends every payload, in the order they arrived, to {@code sink}. */
    synchronized void replay(PayloadSink sink) throws IOException {
        for (byte[] payload : inMemory) {
            sink.accept(payload);
        }
        if (fileOutput == null) {
            return;
        }
        fileOutput.flush();
        try (InputStream stream = Files.newInputStream(file);
                DataInputStream input = new DataInputStream(new BufferedInputStream(stream, 1 << 16))) {
            for (long i = 0; i < fileCount; i++) {
                byte[] payload = new byte[input.readInt()];
                input.readFully(payload);
                sink.accept(payload);
            }
        } catch (EOFException e) {
            throw new IOException("the spooled result in " + file.getFileName() + " ended early", e);
        }
    }

    /** True when part of the result went to a file. */
    synchronized boolean spilled() {
        return fileOutput != null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        inMemory.clear();
        if (fileOutput != null) {
            try {
                fileOutput.close();
            } catch (IOException ignored) {
                // the file is deleted next
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the directory is cleaned when the server starts
            }
            fileOutput = null;
        }
    }
}
