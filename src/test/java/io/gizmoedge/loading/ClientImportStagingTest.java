package io.gizmoedge.loading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.engine.ArrowFrameEncoder;
import io.gizmoedge.engine.DuckDbSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client's rows staged on the server: appended payload by payload, one schema, gone when closed. */
class ClientImportStagingTest {
    @TempDir
    Path shards;

    private BufferAllocator allocator;
    private TableLoader loader;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
        loader = new TableLoader(shards, DuckDbSettings.DEFAULT, allocator);
    }

    @AfterEach
    void closeAllocator() {
        allocator.close(); // fails on a leaked buffer
    }

    @Test
    void stagesPayloadsAndCountsTheirRows() throws Exception {
        List<byte[]> payloads = payloads(List.of("id", "name"), 0, 25_000);
        try (StagedArrowRows staged = StagedArrowRows.open(loader, DuckDbSettings.DEFAULT, allocator)) {
            assertThat(staged.hasSchema()).isFalse();
            assertThat(staged.rowCount()).isZero();
            for (byte[] payload : payloads) {
                staged.append(payload);
            }
            assertThat(payloads).hasSizeGreaterThan(1);
            assertThat(staged.rowCount()).isEqualTo(25_000);
            assertThat(staged.rows().describe().stream().map(c -> c.name() + " " + c.type()).toList())
                    .containsExactly("id BIGINT", "name VARCHAR");
            assertThat(stagingEntries()).hasSize(1);
        }
        assertThat(stagingEntries()).isEmpty();
    }

    @Test
    void aSchemaOnlyPayloadStagesAnEmptyTable() throws Exception {
        try (StagedArrowRows staged = StagedArrowRows.open(loader, DuckDbSettings.DEFAULT, allocator)) {
            staged.append(payloads(List.of("id", "name"), 0, 0).get(0));
            assertThat(staged.hasSchema()).isTrue();
            assertThat(staged.rowCount()).isZero();
        }
    }

    @Test
    void refusesColumnsThatChangeAndBytesThatAreNotArrow() throws Exception {
        try (StagedArrowRows staged = StagedArrowRows.open(loader, DuckDbSettings.DEFAULT, allocator)) {
            staged.append(payloads(List.of("id", "name"), 0, 10).get(0));
            assertThatThrownBy(() -> staged.append(payloads(List.of("id", "title"), 10, 20).get(0)))
                    .isInstanceOf(LoadException.class)
                    .hasMessage("the rows sent change their columns midway (first id Int(64, true), name Utf8, then"
                            + " id Int(64, true), title Utf8); every batch of an import must have the same columns");
            assertThatThrownBy(() -> staged.append(new byte[] {1, 2, 3}))
                    .isInstanceOf(LoadException.class).hasMessageStartingWith("the server could not read the rows sent");
            assertThat(staged.rowCount()).isEqualTo(10);
        }
        assertThat(stagingEntries()).isEmpty();
    }

    @Test
    void aPruneKeepsAStagingDirectoryInUseAndRemovesDebris() throws Exception {
        Path debris = Files.createDirectories(shards.resolve(TableLoader.STAGING_DIRECTORY).resolve("load-crashed"));
        try (StagedArrowRows staged = StagedArrowRows.open(loader, DuckDbSettings.DEFAULT, allocator)) {
            staged.append(payloads(List.of("id", "name"), 0, 10).get(0));
            loader.pruneUnreferenced(io.gizmoedge.catalog.ShardManifest.empty(4, 0));
            assertThat(Files.exists(debris)).isFalse();
            staged.append(payloads(List.of("id", "name"), 10, 20).get(0));
            assertThat(staged.rowCount()).isEqualTo(20);
        }
        assertThat(stagingEntries()).isEmpty();
    }

    private List<Path> stagingEntries() throws Exception {
        Path staging = shards.resolve(TableLoader.STAGING_DIRECTORY);
        if (!Files.exists(staging)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(staging)) {
            return entries.toList();
        }
    }

    /** Rows {@code from} until {@code to} as payloads of at most 64 KiB: a BIGINT and a VARCHAR column. */
    private List<byte[]> payloads(List<String> names, int from, int to) throws Exception {
        Schema schema = new Schema(List.of(Field.nullable(names.get(0), new ArrowType.Int(64, true)),
                Field.nullable(names.get(1), ArrowType.Utf8.INSTANCE)));
        List<byte[]> payloads = new ArrayList<>();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            BigIntVector ids = (BigIntVector) root.getVector(0);
            VarCharVector texts = (VarCharVector) root.getVector(1);
            int count = to - from;
            ids.allocateNew(Math.max(count, 1));
            texts.allocateNew(Math.max(count, 1));
            for (int i = 0; i < count; i++) {
                ids.set(i, from + i);
                texts.setSafe(i, ("name-" + (from + i)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            root.setRowCount(count);
            new ArrowFrameEncoder(64 * 1024).encodeBatch(root, payloads::add);
        }
        return payloads;
    }
}
