package io.gizmoedge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's DuckDB spills into {@code tmp} of its data directory, and a restart clears what a crash left there. */
class TemporaryDirectoryTest {
    @TempDir
    Path data;

    @Test
    void aQueryBeyondTheMemoryLimitSpillsIntoTheDataDirectory() throws Exception {
        Path workingDirectorySpill = Path.of(".tmp").toAbsolutePath();
        boolean hadWorkingDirectorySpill = Files.exists(workingDirectorySpill);
        Set<Path> seen = ConcurrentHashMap.newKeySet();
        try (RootAllocator allocator = new RootAllocator();
                TableStore store = TableStore.open(data.resolve("node.duckdb"), new DuckDbSettings(1, Optional.of("64MiB")),
                        allocator);
                DuckDBConnection connection = store.newConnection()) {
            assertThat(setting(connection, "memory_limit")).isEqualTo("64.0 MiB");
            Path instance = Path.of(setting(connection, "temp_directory"));
            assertThat(instance.getParent()).isEqualTo(data.resolve("tmp").toAbsolutePath());
            assertThat(instance.getFileName().toString()).startsWith(ProcessHandle.current().pid() + "-");
            assertThat(instance).as("made only when DuckDB first spills").doesNotExist();

            Thread watcher = watch(data, seen);
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT count(*), max(x) FROM (SELECT x FROM range(6000000) t(x) ORDER BY hash(x) DESC)")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(6_000_000L);
            } finally {
                watcher.interrupt();
                watcher.join();
            }
            assertThat(instance).as("DuckDB made its directory to spill into").isDirectory();
            assertThat(seen).as("spill files seen during the query").isNotEmpty()
                    .allSatisfy(file -> assertThat(file).startsWithRaw(instance));
        }
        assertThat(Files.exists(workingDirectorySpill)).as("nothing spilled into the working directory")
                .isEqualTo(hadWorkingDirectorySpill);
        try (Stream<Path> left = Files.list(data.resolve("tmp"))) {
            assertThat(left).as("DuckDB removes its directory when it closes").isEmpty();
        }
    }

    @Test
    void openingAStoreRemovesWhatStoppedProcessesLeft() throws Exception {
        Path tmp = Files.createDirectories(data.resolve("tmp"));
        Path dead = Files.createDirectories(tmp.resolve("999999999-0a1b2c3d"));
        Files.writeString(dead.resolve("duckdb_temp_storage_S32K-0.tmp"), "left by a crash");
        Path running = Files.createDirectories(tmp.resolve(ProcessHandle.current().pid() + "-00ff00ff"));
        Path foreign = Files.createDirectories(tmp.resolve("notes"));
        try (RootAllocator allocator = new RootAllocator();
                TableStore ignored = TableStore.open(data.resolve("node.duckdb"), DuckDbSettings.DEFAULT, allocator)) {
            assertThat(dead).doesNotExist();
            assertThat(running).as("a running process's directory stays").isDirectory();
            assertThat(foreign).as("what no process of ours made stays").isDirectory();
        }
    }

    @Test
    void eachDuckDbGetsADirectoryOfItsOwn() throws SQLException {
        DuckDbSettings settings = new DuckDbSettings(1, Optional.empty(), Optional.of(data.resolve("tmp")));
        try (DuckDBConnection first = DuckDbDatabases.openInMemory(settings);
                DuckDBConnection second = DuckDbDatabases.openInMemory(settings)) {
            List<String> directories = List.of(setting(first, "temp_directory"), setting(second, "temp_directory"));
            assertThat(directories).doesNotHaveDuplicates()
                    .allSatisfy(directory -> assertThat(Path.of(directory).getParent()).isEqualTo(data.resolve("tmp")));
        }
    }

    /** Collects every file that appears under {@code directory} until interrupted. */
    private static Thread watch(Path directory, Set<Path> seen) {
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.filter(Files::isRegularFile).filter(file -> file.getFileName().toString().startsWith("duckdb_temp"))
                            .forEach(seen::add);
                } catch (Exception e) {
                    // a file went away while the walk listed it
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "spill-watcher");
        watcher.start();
        return watcher;
    }

    private static String setting(DuckDBConnection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_setting('" + name + "')")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
