package io.gizmoedge.loading;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Object keys become file names directly inside the download folder, whatever the key says. */
class S3LocalFileNamesTest {
    private static final Path FOLDER = Path.of("/staging/download-1/s3-42");

    @Test
    void keepsTheLastSegmentAndItsExtension() {
        assertThat(LocalFileNames.of(FOLDER, 0, "data/2026/events.parquet")).isEqualTo(FOLDER.resolve("00000-events.parquet"));
        assertThat(LocalFileNames.of(FOLDER, 12, "logs/day 1 (copy).csv.gz"))
                .isEqualTo(FOLDER.resolve("00012-day_1__copy_.csv.gz"));
    }

    @Test
    void keysCannotLeaveTheFolder() {
        for (String key : List.of("../../x", "../../../etc/passwd", "..", ".", "/", "a/..", "a/../../..", "..\\..\\x",
                "x/\u0000y", ".hidden", "...", "%2e%2e/x", "\u2025/x")) {
            Path file = LocalFileNames.of(FOLDER, 3, key);
            assertThat(file.getParent()).as(key).isEqualTo(FOLDER);
            assertThat(file.normalize()).as(key).isEqualTo(file);
            assertThat(file.getFileName().toString()).as(key).matches("00003-[A-Za-z0-9_-][A-Za-z0-9._-]*");
        }
        assertThat(LocalFileNames.of(FOLDER, 0, "../../x")).isEqualTo(FOLDER.resolve("00000-x"));
        assertThat(LocalFileNames.of(FOLDER, 0, "a/..")).isEqualTo(FOLDER.resolve("00000-object"));
    }

    @Test
    void longNamesKeepTheirEnd() {
        String key = "p/" + "n".repeat(500) + ".parquet";
        String name = LocalFileNames.of(FOLDER, 7, key).getFileName().toString();
        assertThat(name).startsWith("00007-n").endsWith("n.parquet").hasSize(6 + 120);
    }

    @Test
    void equalLastSegmentsGetDistinctNames() {
        assertThat(LocalFileNames.of(FOLDER, 0, "a/part.parquet")).isNotEqualTo(LocalFileNames.of(FOLDER, 1, "b/part.parquet"));
    }
}
