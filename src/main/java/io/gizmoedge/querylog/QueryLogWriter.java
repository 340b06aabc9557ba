package io.gizmoedge.querylog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Appends entries to a query log file, one line each, written whole with one append (so that
 * several writers of one file, such as planner tests on several threads, never interleave within a
 * line). Keeps no file open. Thread-safe.
 */
public final class QueryLogWriter {
    private final Path file;
    private final QueryLogFormat format = new QueryLogFormat();

    /** Writes to {@code file}, creating it and its directory when it does not exist. */
    public QueryLogWriter(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public Path file() {
        return file;
    }

    public synchronized void append(QueryLogEntry entry) throws IOException {
        byte[] line = (format.line(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        Path directory = file.toAbsolutePath().getParent();
        if (directory != null) {
            Files.createDirectories(directory);
        }
        Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
