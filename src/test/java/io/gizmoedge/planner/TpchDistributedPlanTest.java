package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.catalog.ManifestFile;
import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.demo.AnswerComparison;
import io.gizmoedge.demo.ClusterFiles;
import io.gizmoedge.demo.NamedQuery;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.demo.QuerySet;
import io.gizmoedge.demo.TpchQueries;
import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.engine.SqlNames;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries at SF 0.01 over 4 shards (the bootstrap's own data and placement): each plan
 * runs like the cluster runs it and must give the single-node answer; all but the listed exceptions
 * must distribute (read partitioned tables on the workers, or run on one worker).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpchDistributedPlanTest {
    private static final Path DATA = Path.of("target/test-data/sf0.01-4-shards");
    private static final int SHARDS = 4;

    /**
     * Queries that are allowed not to distribute (name to the start of the planner's reason). None:
     * Q2, Q11 and Q16 read only replicated tables and run on one worker; all others read their
     * partitioned tables on the workers.
     */
    private static final Map<String, String> NOT_DISTRIBUTED = Map.of();

    private Connection singleNode;
    private final List<Connection> shards = new ArrayList<>();
    private RecordingPlanner planner;
    private DistributedPlanRunner runner;

    @BeforeAll
    void openDatabases() throws IOException, SQLException {
        ClusterFiles files = TpchDemo.prepare(DATA, 0.01, SHARDS, System.err);
        ShardManifest manifest = ManifestFile.read(files.manifest());
        Path directory = files.manifest().toAbsolutePath().getParent();
        for (ShardBundle shard : manifest.shards()) {
            shards.add(load(directory, List.of(shard, manifest.replicated())));
        }
        singleNode = DuckDbDatabases.openReadOnly(io.gizmoedge.engine.TableStore.singleNodeCopy(files.manifest()), DuckDbSettings.DEFAULT);
        planner = new RecordingPlanner(new QueryPlanner(manifest, this::describe));
        runner = new DistributedPlanRunner(shards, singleNode);
    }

    private static Connection load(Path directory, List<ShardBundle> bundles) throws SQLException {
        Map<String, List<String>> filesByTable = new LinkedHashMap<>();
        for (ShardBundle bundle : bundles) {
            for (ShardFile file : bundle.files()) {
                filesByTable.computeIfAbsent(file.table(), t -> new ArrayList<>())
                        .add(SqlNames.literal(directory.resolve(file.path()).toString()));
            }
        }
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            for (Map.Entry<String, List<String>> table : filesByTable.entrySet()) {
                statement.execute("CREATE TABLE " + SqlNames.quote(table.getKey()) + " AS SELECT * FROM read_parquet("
                        + table.getValue().stream().collect(Collectors.joining(", ", "[", "]")) + ")");
            }
        }
        return connection;
    }

    private synchronized List<ResultColumn> describe(String sql) throws SQLException {
        return QueryResultTable.describe(singleNode, sql);
    }

    @AfterAll
    void closeDatabases() throws SQLException {
        for (Connection shard : shards) {
            shard.close();
        }
        if (singleNode != null) {
            singleNode.close();
        }
    }

    /** The 22 TPC-H queries and the repartitioning checks over the same tables. */
    static Stream<NamedQuery> queries() throws IOException {
        return Stream.concat(TpchQueries.all().stream(), QuerySet.REPARTITION.all().stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void distributedAnswerEqualsSingleNode(NamedQuery query) throws Exception {
        QueryPlan plan = planner.plan(query.sql());
        if (NOT_DISTRIBUTED.containsKey(query.name())) {
            assertThat(plan).as(query.name()).isInstanceOf(ServerPlan.class);
            assertThat(((ServerPlan) plan).reason()).startsWith(NOT_DISTRIBUTED.get(query.name()));
            return;
        }
        assertThat(plan).as("%s: %s", query.name(), plan.summary()).isInstanceOf(DistributedPlan.class);
        DistributedPlan distributed = (DistributedPlan) plan;
        assertThat(isDistributed(distributed)).as("%s reads partitioned tables on workers or runs on one worker: %s",
                query.name(), distributed.stages()).isTrue();
        QueryResultTable expected = QueryResultTable.run(singleNode, query.sql());
        QueryResultTable actual = runner.run(distributed);
        assertThat(expected.rows()).as("%s has rows at SF 0.01", query.name()).isNotEmpty();
        ResultAssertions.assertSameResult(actual, expected, AnswerComparison.isOrdered(query.sql()));
    }

    /**
     * The repartitioning checks whose joins, windows, set operations or unsplittable aggregates are not
     * co-located move rows between workers (repartitioned, or a small join side broadcast from the
     * workers to every worker); the groupings r04 to r06 are split into partial and final aggregates
     * instead.
     */
    @Test
    void repartitioningChecksMoveRowsWhereNothingElseIsLocal() throws Exception {
        Set<String> moving = Set.of("r01", "r02", "r03", "r07", "r08", "r09");
        for (NamedQuery query : QuerySet.REPARTITION.all()) {
            QueryPlan plan = planner.plan(query.sql());
            assertThat(plan).as("%s: %s", query.name(), plan.summary()).isInstanceOf(DistributedPlan.class);
            boolean movesRows = new PlanExplainer().explain(plan).stream().anyMatch(row -> row.exchange()
                    .startsWith(PlanExplainer.REPARTITION) || row.location().equals(StageLocation.WORKERS.name())
                    && row.exchange().equals(PlanExplainer.BROADCAST));
            assertThat(movesRows).as("%s moves rows between workers: %s", query.name(), plan.summary())
                    .isEqualTo(moving.contains(query.name()));
        }
    }

    @Test
    void atLeastTwentyQueriesDistribute() throws Exception {
        long distributed = 0;
        for (NamedQuery query : TpchQueries.all()) {
            if (planner.plan(query.sql()) instanceof DistributedPlan plan && isDistributed(plan)) {
                distributed++;
            }
        }
        assertThat(distributed).isGreaterThanOrEqualTo(TpchQueries.COUNT - NOT_DISTRIBUTED.size()).isGreaterThanOrEqualTo(20);
    }

    /** Reads partitioned tables on the workers, or runs on one worker over replicated tables. */
    static boolean isDistributed(DistributedPlan plan) {
        boolean workersReadShards = !plan.partitionedTables().isEmpty()
                && plan.stages().stream().anyMatch(s -> s.location() == StageLocation.WORKERS);
        boolean oneWorker = plan.stages().stream().allMatch(s -> s.location() == StageLocation.ONE_WORKER);
        return workersReadShards || oneWorker;
    }

    /** EXPLAIN of every query: one row per stage, the last one the result; written for people to read. */
    @Test
    void explainListsEveryStage() throws Exception {
        PlanExplainer explainer = new PlanExplainer();
        StringBuilder text = new StringBuilder();
        for (NamedQuery query : queries().toList()) {
            QueryPlan plan = planner.plan(query.sql());
            List<ExplainRow> rows = explainer.explain(plan);
            assertThat(rows).isNotEmpty();
            assertThat(rows.get(rows.size() - 1).exchange()).isEqualTo(PlanExplainer.RESULT);
            text.append("== ").append(query.name()).append(": ").append(plan.summary()).append('\n');
            for (ExplainRow row : rows) {
                text.append(row.stage()).append(" | ").append(row.location()).append(" | ").append(row.exchange())
                        .append(" | ").append(row.inputs()).append(" | ").append(row.note()).append('\n')
                        .append("    ").append(row.sql()).append('\n');
            }
        }
        java.nio.file.Files.writeString(Path.of("target/tpch-explain.txt"), text);
    }
}
