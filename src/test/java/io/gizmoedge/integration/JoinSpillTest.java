package io.gizmoedge.integration;

import static io.gizmoedge.integration.EmptyCatalogCluster.rows;
import static io.gizmoedge.integration.EmptyCatalogCluster.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.demo.Answer;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.QueryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A repartitioned join whose build side is larger than a worker's {@code --duckdb-memory-limit}: two
 * real workers with a 32 MiB limit each join two tables of 2,000,000 rows off their distribution
 * keys. Each worker's DuckDB spills into its data directory's tmp/, and the answer is exact.
 */
class JoinSpillTest {
    private static final int ROWS = 2_000_000;
    private static final int KEYS = 400_009;

    @Test
    void aJoinLargerThanAWorkersMemoryLimitSpillsAndAnswers() throws Exception {
        try (EmptyCatalogCluster cluster = EmptyCatalogCluster.start("join-spill", 2, 0, (imports, duckdb) -> { })) {
            List<Path> spillDirectories = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int worker = cluster.processes().startWorker("--duckdb-memory-limit", "32MiB");
                spillDirectories.add(cluster.processes().workerDataDirectory(worker).resolve("tmp"));
            }
            try (QueryExecutor admin = cluster.connectAdmin()) {
                for (String table : List.of("probe", "build")) {
                    run(admin, "CREATE TABLE " + table + " DISTRIBUTED BY (id) AS SELECT range AS id, range % " + KEYS
                            + " AS k, repeat('x', 40) || range AS pad FROM range(" + ROWS + ")");
                }
            }
            String join = "SELECT count(*) AS n, sum(length(p.pad) + length(b.pad)) AS characters"
                    + " FROM probe p JOIN build b ON p.k = b.k";
            try (QueryExecutor client = cluster.processes().awaitReady(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, 2,
                    Duration.ofMinutes(2), "SELECT count(*) FROM probe JOIN build USING (id)")) {
                assertThat(rows(client, "EXPLAIN " + join)).as("the plan moves both sides by the join key")
                        .filteredOn(row -> String.valueOf(row.get(2)).startsWith("REPARTITION BY hash("))
                        .hasSize(2);

                Set<Path> spilled;
                List<List<String>> answer;
                try (SpillWatcher watcher = SpillWatcher.watching(spillDirectories);
                        QueryResult result = client.execute(join, QueryOptions.DEFAULT)) {
                    assertThat(result.summary().location()).as(result.summary().describe())
                            .isEqualTo(ExecutionLocation.DISTRIBUTED);
                    answer = Answer.of(result.schema().getFields(), result.batches()).rows().stream()
                            .map(row -> row.stream().map(String::valueOf).toList()).toList();
                    spilled = watcher.seen();
                }
                assertThat(answer).containsExactly(expected());
                assertThat(spilled).as("spill files in the workers' tmp/").isNotEmpty();
            }
        }
    }

    /** Both sides hold the same rows: every pair of rows with one key matches. */
    private static List<String> expected() {
        long matches = 0;
        long characters = 0;
        for (long key = 0; key < KEYS; key++) {
            long rowsOfKey = 0;
            long characterSum = 0;
            for (long id = key; id < ROWS; id += KEYS) {
                rowsOfKey++;
                characterSum += 40 + Long.toString(id).length();
            }
            matches += rowsOfKey * rowsOfKey;
            characters += 2 * rowsOfKey * characterSum; // each row of one side meets every row of the key on the other
        }
        return List.of(Long.toString(matches), Long.toString(characters));
    }
}
