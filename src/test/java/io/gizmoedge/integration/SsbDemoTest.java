package io.gizmoedge.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.demo.DemoCluster;
import io.gizmoedge.demo.DemoDataset;
import io.gizmoedge.demo.QueryCheck;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The ssb demo end to end with real processes: sample files at SF 0.02, an empty catalog, the five
 * tables loaded through the client as the admin (one from CSV), then all 13 SSB queries run
 * distributed over every shard on both workers with answers equal to single-node DuckDB's.
 */
class SsbDemoTest {
    private static final double SCALE_FACTOR = 0.02;
    private static final int SHARDS = 4;
    private static final int WORKERS = 2;

    @Test
    void ssbQueriesRunDistributedAndEqualSingleNodeDuckDb() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<QueryCheck> checks;
        ShardManifest manifest;
        try (PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8);
                DemoCluster demo = DemoCluster.start(DemoDataset.SSB, TestDataset.workDirectory("ssb-demo"), SCALE_FACTOR,
                        DemoCluster.Shape.of(SHARDS, WORKERS), out)) {
            checks = demo.checkQueries();
            manifest = ManifestFile.read(demo.files().manifest());
        }
        String printed = progress.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("CREATE TABLE supplier REPLICATED AS SELECT * FROM read_csv('ssb/supplier.csv');")
                .contains("created table lineorder");

        Map<String, String> placements = manifest.tables().stream()
                .collect(Collectors.toMap(TableDefinition::name, t -> t.placement().describe()));
        assertThat(placements).containsOnlyKeys("customer", "lineorder", "supplier", "part", "dates");
        assertThat(placements.get("lineorder")).startsWith("DISTRIBUTED LIKE customer");

        assertThat(checks).extracting(QueryCheck::name).containsExactly("q1_1", "q1_2", "q1_3", "q2_1", "q2_2", "q2_3",
                "q3_1", "q3_2", "q3_3", "q3_4", "q4_1", "q4_2", "q4_3");
        for (QueryCheck check : checks) {
            assertThat(check.difference()).as(check.name() + " " + check.where()).isEmpty();
            ExecutionSummary summary = check.summary().orElseThrow();
            assertThat(summary.location()).as(check.name() + " " + check.where()).isEqualTo(ExecutionLocation.DISTRIBUTED);
            assertThat(summary.shards()).as(check.name()).isEqualTo(SHARDS);
            assertThat(summary.workers()).as(check.name()).isEqualTo(WORKERS);
        }
        // Q3.4 (two cities of one nation in one month) finds rows from SF 0.1 on
        assertThat(checks.stream().filter(c -> c.rows() == 0).map(QueryCheck::name)).isSubsetOf("q3_4");
    }
}
