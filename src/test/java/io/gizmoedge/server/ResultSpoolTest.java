package io.gizmoedge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultSpoolTest {
    @TempDir
    Path directory;

    @Test
    void payloadsComeBackInOrderFromMemoryAndThenFromTheFile() throws IOException {
        List<byte[]> replayed = new ArrayList<>();
        try (ResultSpool spool = new ResultSpool(directory, 10)) {
            spool.accept(new byte[] {1, 2, 3, 4});
            spool.accept(new byte[] {5, 6, 7, 8});
            assertThat(spool.spilled()).isFalse();
            spool.accept(new byte[] {9, 10, 11});
            spool.accept(new byte[0]);
            spool.accept(new byte[] {12});
            assertThat(spool.spilled()).isTrue();
            spool.replay(replayed::add);
            assertThat(files()).hasSize(1);
        }
        assertThat(replayed).containsExactly(new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8}, new byte[] {9, 10, 11},
                new byte[0], new byte[] {12});
        assertThat(files()).as("the spool file is deleted on close").isEmpty();
    }

    @Test
    void aClosedSpoolTakesNoMorePayloads() {
        ResultSpool spool = new ResultSpool(directory, 1024);
        spool.close();
        assertThatThrownBy(() -> spool.accept(new byte[] {1})).isInstanceOf(IOException.class);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }
}
