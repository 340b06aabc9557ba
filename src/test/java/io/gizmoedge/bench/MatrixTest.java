package io.gizmoedge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.demo.QueryCheck;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MatrixTest {
    private static final ExecutionSummary DISTRIBUTED = new ExecutionSummary(ExecutionLocation.DISTRIBUTED, 2, 4, "", 1, 5, 0, 0);

    @Test
    void countListsParseAndValidate() {
        assertThat(CountList.parse("1, 4,11,4", "--shard-counts", 1, 1000)).containsExactly(1, 4, 11);
        assertThatThrownBy(() -> CountList.parse("1,x", "--shard-counts", 1, 1000))
                .hasMessageContaining("--shard-counts '1,x': 'x' is not a whole number");
        assertThatThrownBy(() -> CountList.parse("0", "--worker-counts", 1, 64)).hasMessageContaining("outside 1 to 64");
        assertThatThrownBy(() -> CountList.parse(" ", "--worker-counts", 1, 64)).hasMessageContaining("is empty");
    }

    @Test
    void optionsKeepOneDatasetPerShardCount() {
        MatrixOptions options = new MatrixOptions(0.1, List.of(1, 4, 11), List.of(1, 2, 3), Path.of("m"), List.of(1));
        assertThat(options.datasetDirectory(11)).isEqualTo(Path.of("m/sf-0.1-shards-11"));
        assertThatThrownBy(() -> new MatrixOptions(0.001, List.of(1), List.of(1), Path.of("m"), List.of(1)))
                .hasMessageContaining("--scale-factor");
        assertThatThrownBy(() -> new MatrixOptions(0.1, List.of(), List.of(1), Path.of("m"), List.of(1)))
                .hasMessageContaining("--shard-counts");
    }

    @Test
    void reportListsEveryDifferenceAndClusterThatDidNotStart() {
        MatrixCell ok = new MatrixCell(1, 1, List.of(check("q01", Optional.empty())), Optional.empty());
        MatrixCell differs = new MatrixCell(4, 2, List.of(check("q01", Optional.empty()),
                check("q13", Optional.of("row counts differ: expected 42, got 41"))), Optional.empty());
        MatrixCell down = new MatrixCell(11, 3, List.of(), Optional.of("the cluster did not start: timeout"));
        assertThat(ok.passed()).isTrue();
        assertThat(differs.passed()).isFalse();
        assertThat(down.passed()).isFalse();

        String text = new MatrixReport().render(List.of(ok, differs, down));
        assertThat(text).contains("     1        1          1/1      1/1  ok");
        assertThat(text).contains("     4        2          2/2      1/2  DIFFERS");
        assertThat(text).contains("    11        3          0/0      0/0  DID NOT START");
        assertThat(text).contains("4 shards, 2 workers, q13 (distributed over 4 shards (2 workers)): row counts differ");
        assertThat(text).contains("11 shards, 3 workers: the cluster did not start: timeout");
        assertThat(text).contains("1 answer(s) differ and 1 cluster(s) did not start, in 2 of 3 shapes.");
    }

    @Test
    void reportSaysSoWhenEverythingIsEqual() {
        MatrixCell ok = new MatrixCell(1, 1, List.of(check("q01", Optional.empty())), Optional.empty());
        assertThat(new MatrixReport().render(List.of(ok))).contains("Every answer equals single-node DuckDB in all 1");
    }

    private static QueryCheck check(String name, Optional<String> difference) {
        return new QueryCheck(name, Optional.of(DISTRIBUTED), 1, 5, difference);
    }
}
