package io.gizmoedge.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.engine.ArrowFrameDecoder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's side of {@code .import}: which files, which reader, the payloads it sends and its progress lines. */
class ClientImportFilesTest {
    @TempDir
    static Path laptop;

    @BeforeAll
    static void writeFiles() throws Exception {
        Files.createDirectories(laptop.resolve("events"));
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckdb.createStatement()) {
            sql.execute("COPY (SELECT i AS id, 'name-' || i AS name FROM range(0, 70000) t(i)) TO '"
                    + laptop.resolve("events/a.parquet") + "' (FORMAT parquet)");
            sql.execute("COPY (SELECT i AS id, 'name-' || i AS name FROM range(70000, 100000) t(i)) TO '"
                    + laptop.resolve("events/b.parquet") + "' (FORMAT parquet)");
            sql.execute("COPY (SELECT i AS id FROM range(0) t(i)) TO '" + laptop.resolve("empty.parquet") + "' (FORMAT parquet)");
        }
        Files.writeString(laptop.resolve("broken.parquet"), "this is not parquet");
    }

    @Test
    void theExtensionNamesTheReader() throws Exception {
        assertThat(ImportFiles.readerFor("x/*.parquet")).isEqualTo("read_parquet");
        assertThat(ImportFiles.readerFor("/data/Users.CSV")).isEqualTo("read_csv");
        assertThat(ImportFiles.readerFor("a.tsv.gz")).isEqualTo("read_csv");
        assertThat(ImportFiles.readerFor("log-*.jsonl.zst")).isEqualTo("read_json");
        assertThat(ImportFiles.readerFor("c.ndjson")).isEqualTo("read_json");
        assertThatThrownBy(() -> ImportFiles.readerFor("notes.txt")).isInstanceOf(QueryFailedException.class)
                .hasMessage("cannot tell the format of 'notes.txt' from its extension: name files (or the glob) ending in "
                        + ImportFiles.FORMATS);
        assertThatThrownBy(() -> ImportFiles.readerFor("events/*")).hasMessageStartingWith("cannot tell the format");
    }

    @Test
    void aGlobListsItsFilesAndNothingMatchingIsAClearError() throws Exception {
        try (LocalFileRows rows = LocalFileRows.open(laptop.resolve("events") + "/*.parquet", quietProgress())) {
            assertThat(rows.files()).isEqualTo(new ImportFiles("read_parquet", List.of(
                    laptop.resolve("events/a.parquet").toString(), laptop.resolve("events/b.parquet").toString())));
        }
        assertThatThrownBy(() -> LocalFileRows.open(laptop.resolve("nothing") + "/*.parquet", quietProgress()))
                .isInstanceOf(QueryFailedException.class)
                .hasMessage("no file matches '" + laptop.resolve("nothing") + "/*.parquet'; check the path, nothing was sent");
        assertThatThrownBy(() -> LocalFileRows.open("no-such-dir-here/*.csv", quietProgress()))
                .hasMessageContaining("(relative to " + Path.of("").toAbsolutePath() + ")");
        assertThatThrownBy(() -> LocalFileRows.open(laptop.resolve("broken.parquet").toString(), quietProgress()))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageStartingWith("cannot read '" + laptop.resolve("broken.parquet") + "': ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void sendsBatchesThatFitTheMessageSizeWithEveryRow() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        long rows;
        try (LocalFileRows source = LocalFileRows.open(laptop.resolve("events") + "/*.parquet", quietProgress())) {
            rows = source.writeTo(256 * 1024, payloads::add);
        }
        assertThat(rows).isEqualTo(100_000);
        assertThat(payloads).allSatisfy(p -> assertThat(p.length).isLessThanOrEqualTo(256 * 1024));
        long decoded = 0;
        try (BufferAllocator allocator = new RootAllocator()) {
            for (byte[] payload : payloads) {
                try (VectorSchemaRoot batch = ArrowFrameDecoder.decode(payload, allocator)) {
                    assertThat(batch.getRowCount()).isLessThanOrEqualTo(LocalFileRows.BATCH_ROWS);
                    assertThat(batch.getSchema().getFields().stream().map(f -> f.getName()).toList()).containsExactly("id", "name");
                    decoded += batch.getRowCount();
                }
            }
        }
        assertThat(decoded).isEqualTo(100_000);
    }

    @Test
    void anEmptyFileSendsItsColumns() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        try (LocalFileRows source = LocalFileRows.open(laptop.resolve("empty.parquet").toString(), quietProgress())) {
            assertThat(source.writeTo(1024 * 1024, payloads::add)).isZero();
        }
        assertThat(payloads).hasSize(1);
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot batch = ArrowFrameDecoder.decode(payloads.get(0), allocator)) {
            assertThat(batch.getRowCount()).isZero();
            assertThat(batch.getSchema().getFields()).hasSize(1);
        }
    }

    @Test
    void progressIsLiveInTheShellAndOneLineInScripts() {
        long[] now = {0};
        StringWriter live = new StringWriter();
        ImportProgress shell = new ImportProgress(new PrintWriter(live), true, () -> now[0]);
        shell.start();
        now[0] = TimeUnit.MILLISECONDS.toNanos(100);
        shell.update(1_000, 100_000); // too soon after the start: not shown
        now[0] = TimeUnit.MILLISECONDS.toNanos(500);
        shell.update(50_000, 2_000_000);
        now[0] = TimeUnit.MILLISECONDS.toNanos(600);
        shell.update(60_000, 2_500_000); // too soon after the last update
        now[0] = TimeUnit.SECONDS.toNanos(2);
        shell.finish(100_000, 4_000_000);
        String first = "sending: 50,000 rows, 2.0 MB in 0.5 s (100,000 rows/s)";
        String last = "sent 100,000 rows, 4.0 MB in 2.0 s (50,000 rows/s)";
        assertThat(live.toString()).isEqualTo("\r" + first + "\r" + last + " ".repeat(first.length() - last.length())
                + System.lineSeparator());

        StringWriter script = new StringWriter();
        now[0] = 0;
        ImportProgress quiet = new ImportProgress(new PrintWriter(script), false, () -> now[0]);
        quiet.start();
        now[0] = TimeUnit.SECONDS.toNanos(1);
        quiet.update(50_000, 2_000_000);
        now[0] = TimeUnit.SECONDS.toNanos(4);
        quiet.finish(100_000, 4_000_000);
        assertThat(script.toString()).isEqualTo("sent 100,000 rows, 4.0 MB in 4.0 s (25,000 rows/s)" + System.lineSeparator());
    }

    private static ImportProgress quietProgress() {
        return new ImportProgress(new PrintWriter(new StringWriter()), false);
    }
}
