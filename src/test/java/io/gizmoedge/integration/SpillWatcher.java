package io.gizmoedge.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Watches directories for DuckDB's spill files ({@code duckdb_temp*}) while a statement runs. DuckDB
 * deletes them when the statement ends, so they are looked for every 10 ms until {@link #close}.
 */
final class SpillWatcher implements AutoCloseable {
    private final List<Path> directories;
    private final Set<Path> seen = ConcurrentHashMap.newKeySet();
    private final Thread thread;

    private SpillWatcher(List<Path> directories) {
        this.directories = List.copyOf(directories);
        this.thread = new Thread(this::watch, "spill-watcher");
    }

    /** Starts watching {@code directories} (and everything under them; they need not exist yet). */
    static SpillWatcher watching(List<Path> directories) {
        SpillWatcher watcher = new SpillWatcher(directories);
        watcher.thread.start();
        return watcher;
    }

    /** The spill files seen so far. */
    Set<Path> seen() {
        return Set.copyOf(seen);
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            for (Path directory : directories) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.filter(file -> file.getFileName().toString().startsWith("duckdb_temp")).forEach(seen::add);
                } catch (IOException | UncheckedIOException e) {
                    // the directory does not exist yet, or a spill file went away during the walk
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
