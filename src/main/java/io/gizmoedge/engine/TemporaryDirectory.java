package io.gizmoedge.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's directory for DuckDB's spill files ({@code tmp} in its data directory). Every DuckDB the
 * node opens spills into a subdirectory of its own, named {@code <pid>-<random>}: two DuckDBs never
 * share one (their spill files have the same names), DuckDB creates it when it first spills and
 * removes it when it closes, and what a process that died left behind is known by its pid and
 * removed at the next start, also when several workers share a data directory.
 *
 * @param root the directory, absolute
 */
public record TemporaryDirectory(Path root) {
    private static final Logger LOG = LoggerFactory.getLogger(TemporaryDirectory.class);
    /** The name of the directory in a node's data directory. */
    public static final String NAME = "tmp";

    public TemporaryDirectory {
        root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** The temporary directory of a node whose data directory is {@code dataDirectory}. */
    public static TemporaryDirectory in(Path dataDirectory) {
        return new TemporaryDirectory(dataDirectory.resolve(NAME));
    }

    /**
     * Creates the directory and removes the subdirectories of processes that no longer run; returns
     * how many it removed.
     */
    public int prepare() throws IOException {
        Files.createDirectories(root);
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                Optional<Long> owner = ownerPid(entry.getFileName().toString());
                if (owner.isPresent() && !running(owner.get())) {
                    deleteTree(entry);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            LOG.info("removed {} spill director{} that stopped processes left in {}", removed, removed == 1 ? "y" : "ies", root);
        }
        return removed;
    }

    /** A directory for one DuckDB of this process; not created (DuckDB creates it when it first spills). */
    public Path newInstanceDirectory() {
        return root.resolve(ProcessHandle.current().pid() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 32));
    }

    private static Optional<Long> ownerPid(String name) {
        int dash = name.indexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(name.substring(0, dash)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void deleteTree(Path directory) throws IOException {
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path visited, IOException failure) throws IOException {
                    Files.deleteIfExists(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // another process removed it first
        }
    }
}
