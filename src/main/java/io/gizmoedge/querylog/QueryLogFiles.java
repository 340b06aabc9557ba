package io.gizmoedge.querylog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads the query logs ({@code *}{@value QueryLogFormat#FILE_SUFFIX}) under a directory. */
public final class QueryLogFiles {
    private final QueryLogFormat format = new QueryLogFormat();

    /**
     * The entries of every query log under {@code root} (any depth) that finished at or after
     * {@code since}, and the number of lines that are no entry; nothing when {@code root} does not exist.
     */
    public Entries readSince(Path root, Instant since) throws IOException {
        List<QueryLogEntry> entries = new ArrayList<>();
        int unreadable = 0;
        for (Path file : logsUnder(root)) {
            if (Files.getLastModifiedTime(file).toInstant().isBefore(since)) {
                continue; // written by an earlier run
            }
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                Optional<QueryLogEntry> entry = format.parse(line);
                if (entry.isEmpty()) {
                    unreadable++;
                } else if (!entry.get().time().isBefore(since)) {
                    entries.add(entry.get());
                }
            }
        }
        return new Entries(List.copyOf(entries), unreadable);
    }

    /** Entries read, and how many lines were no entry. */
    public record Entries(List<QueryLogEntry> entries, int unreadableLines) {
        public Entries {
            entries = List.copyOf(entries);
        }
    }

    private static List<Path> logsUnder(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().endsWith(QueryLogFormat.FILE_SUFFIX))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
