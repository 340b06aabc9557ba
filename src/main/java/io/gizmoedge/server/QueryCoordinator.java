package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.DuckDbQueryRunner;
import io.gizmoedge.engine.TextTableEncoder;
import io.gizmoedge.loading.DataStatement;
import io.gizmoedge.loading.DataStatementParser;
import io.gizmoedge.loading.LoadException;
import io.gizmoedge.planner.DistributedPlan;
import io.gizmoedge.planner.ExplainRow;
import io.gizmoedge.planner.PlanExplainer;
import io.gizmoedge.planner.QueryPlan;
import io.gizmoedge.planner.PlanCache;
import io.gizmoedge.planner.QueryRefusedException;
import io.gizmoedge.planner.ServerPlan;
import io.gizmoedge.planner.Stage;
import io.gizmoedge.planner.StageLocation;
import io.gizmoedge.protocol.DistributedMode;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.security.Role;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one client statement: plans it, then runs the plan's stages in order (on every worker, on
 * one worker, or on the server, moving each stage's result to where the next stage reads it), or
 * runs it on the server's full database, streaming the answer to a {@link PayloadSink}.
 */
final class QueryCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(QueryCoordinator.class);
    private static final java.util.regex.Pattern EXPLAIN =
            java.util.regex.Pattern.compile("(?is)\\s*explain\\s+(.+?)[\\s;]*");
    private static final List<String> EXPLAIN_COLUMNS = List.of("stage", "runs_on", "output", "inputs", "sql", "note");

    private final CatalogVersions versions;
    private final DataStatementRunner dataStatements;
    private final DataStatementParser dataStatementParser = new DataStatementParser();
    private final WorkerPool workers;
    private final ServerDatabase database;
    private final DuckDbQueryRunner queryRunner;
    private final AtomicInteger nextOneWorker = new AtomicInteger();
    private final PlanExplainer explainer = new PlanExplainer();
    private final TextTableEncoder textTables;

    QueryCoordinator(CatalogVersions versions, DataStatementRunner dataStatements, WorkerPool workers,
            ServerDatabase database, DuckDbQueryRunner queryRunner, TextTableEncoder textTables) {
        this.versions = versions;
        this.dataStatements = dataStatements;
        this.workers = workers;
        this.database = database;
        this.queryRunner = queryRunner;
        this.textTables = textTables;
    }

    /** What one query measured: when it started, how long planning took, bytes received from workers. */
    private static final class Measurements {
        final long startedNanos = System.nanoTime();
        long planningMillis;
        long bytesFromWorkers;
        final java.util.Set<WorkerConnection> workersUsed = new java.util.HashSet<>();
        boolean readAllShards;

        long elapsedMillis() {
            return millisSince(startedNanos);
        }

        /** Counts a stage that ran on {@code members} and answered {@code results}; returns the bytes they sent. */
        long recordWorkerStage(List<ClusterSnapshot.Member> members, List<StageResult> results, boolean allShards) {
            long bytes = results.stream().mapToLong(StageResult::bytes).sum();
            bytesFromWorkers += bytes;
            members.forEach(member -> workersUsed.add(member.worker()));
            readAllShards |= allShards;
            return bytes;
        }
    }

    /**
     * Runs {@code sql} for a user of {@code role}; every payload goes to {@code sink}; returns the
     * summary for the client. A query runs on the catalog version current when it starts.
     */
    ExecutionSummary execute(String sql, QueryOptions options, Role role, PayloadSink sink)
            throws QueryFailure, IOException {
        Optional<DataStatement> dataStatement;
        try {
            dataStatement = dataStatementParser.parse(sql);
        } catch (LoadException e) {
            throw new QueryFailure(e.getMessage(), e);
        }
        if (dataStatement.isPresent()) {
            database.checkQueryOf(dataStatement.get());
            return dataStatements.run(dataStatement.get(), role, sink);
        }
        try (CatalogVersions.Pin pin = versions.pin()) {
            return execute(sql, options, pin.version().plans(), sink);
        }
    }

    private ExecutionSummary execute(String sql, QueryOptions options, PlanCache planner, PayloadSink sink)
            throws QueryFailure, IOException {
        Measurements started = new Measurements();
        java.util.regex.Matcher explain = EXPLAIN.matcher(sql);
        if (explain.matches()) {
            return explain(planner, explain.group(1), sink, started);
        }
        QueryPlan plan = plan(planner, sql, started);
        if (options.distributed() == DistributedMode.FORCE) {
            return runRaw(sql, sink, started);
        }
        if (options.distributed() == DistributedMode.FALSE) {
            return runOnServer(sql, "distributed = false", sink, started);
        }
        if (plan instanceof ServerPlan serverPlan) {
            return runOnServer(sql, serverPlan.reason(), sink, started);
        }
        DistributedPlan distributed = (DistributedPlan) plan;
        ClusterAvailability availability = workers.snapshot();
        if (availability instanceof ClusterAvailability.Unavailable unavailable) {
            return runOnServer(sql, unavailable.reason(), sink, started);
        }
        ClusterSnapshot cluster = (ClusterSnapshot) availability;
        if (!options.summarize()) {
            int lastOnWorkers = lastStageOnAllWorkers(distributed);
            if (lastOnWorkers >= 0) {
                long rows = runStages(distributed.stages().subList(0, lastOnWorkers + 1), cluster, sink, started);
                return summary(ExecutionLocation.PARTIAL, cluster, "", rows, started);
            }
        }
        long rows = runStages(distributed.stages(), cluster, sink, started);
        return summary(ExecutionLocation.DISTRIBUTED, cluster, "", rows, started);
    }

    /** The plan of {@code sql} (a refusal becomes the user's one-line error); records the planning time. */
    private static QueryPlan plan(PlanCache planner, String sql, Measurements measurements) throws QueryFailure {
        try {
            QueryPlan plan = planner.plan(sql);
            measurements.planningMillis = measurements.elapsedMillis();
            return plan;
        } catch (QueryRefusedException e) {
            throw new QueryFailure(e.getMessage(), e);
        }
    }

    /** Answers {@code EXPLAIN query} with one row per stage of the query's plan; runs nothing. */
    private ExecutionSummary explain(PlanCache planner, String query, PayloadSink sink, Measurements started)
            throws QueryFailure, IOException {
        QueryPlan plan = plan(planner, query, started);
        List<List<String>> rows = new ArrayList<>();
        for (ExplainRow row : explainer.explain(plan)) {
            rows.add(List.of(row.stage(), row.location(), row.exchange(), String.join(", ", row.inputs()), row.sql(),
                    row.note()));
        }
        long count = textTables.encode(EXPLAIN_COLUMNS, rows, sink);
        return new ExecutionSummary(ExecutionLocation.SERVER, 0, 0, "EXPLAIN shows the plan without running it",
                count, started.elapsedMillis(), started.planningMillis, 0);
    }

    private static int lastStageOnAllWorkers(DistributedPlan plan) {
        for (int i = plan.stages().size() - 1; i >= 0; i--) {
            if (plan.stages().get(i).location() == StageLocation.WORKERS) {
                return i;
            }
        }
        return -1;
    }

    /** Runs the stages in order; the last one's result goes to {@code sink}. Returns its row count. */
    private long runStages(List<Stage> stages, ClusterSnapshot cluster, PayloadSink sink, Measurements measurements)
            throws QueryFailure, IOException {
        Map<String, ArrowTable> results = new HashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            boolean last = i == stages.size() - 1;
            long stageStarted = System.nanoTime();
            List<ArrowTable> inputs = stage.inputs().stream().map(results::get).toList();
            if (stage.location() == StageLocation.SERVER) {
                List<byte[]> payloads = new ArrayList<>();
                long rows = runOnServerDatabase(stage.sql(), inputs, last ? sink : payloads::add);
                LOG.debug("stage {} on the server: {} rows in {} ms", stage.name(), rows, millisSince(stageStarted));
                if (last) {
                    return rows;
                }
                results.put(stage.name(), new ArrowTable(stage.name(), payloads));
                continue;
            }
            List<ClusterSnapshot.Member> members = stage.location() == StageLocation.WORKERS
                    ? cluster.members()
                    : List.of(cluster.members().get(Math.floorMod(nextOneWorker.getAndIncrement(), cluster.members().size())));
            // the last stage's frames stream straight to the client; earlier ones are kept for the next stage
            List<StageResult> gathered = runOnWorkers(members, stage.sql(), inputs, last ? sink : null);
            long bytes = measurements.recordWorkerStage(members, gathered, stage.location() == StageLocation.WORKERS);
            LOG.debug("stage {} on {} workers: {} bytes in {} ms", stage.name(), members.size(), bytes,
                    millisSince(stageStarted));
            if (last) {
                return gathered.stream().mapToLong(StageResult::rowCount).sum();
            }
            List<byte[]> payloads = new ArrayList<>();
            gathered.forEach(result -> payloads.addAll(result.payloads()));
            results.put(stage.name(), new ArrowTable(stage.name(), payloads));
        }
        throw new IllegalStateException("a plan without stages");
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private ExecutionSummary runRaw(String sql, PayloadSink sink, Measurements started) throws QueryFailure, IOException {
        ClusterAvailability availability = workers.snapshot();
        if (availability instanceof ClusterAvailability.Unavailable unavailable) {
            throw new QueryFailure("distributed = force needs every shard on a ready worker, but " + unavailable.reason());
        }
        ClusterSnapshot cluster = (ClusterSnapshot) availability;
        List<StageResult> results = runOnWorkers(cluster.members(), sql, List.of(), sink);
        started.recordWorkerStage(cluster.members(), results, true);
        long rows = results.stream().mapToLong(StageResult::rowCount).sum();
        return summary(ExecutionLocation.RAW, cluster, "", rows, started);
    }

    private ExecutionSummary runOnServer(String sql, String reason, PayloadSink sink, Measurements started)
            throws QueryFailure, IOException {
        long rows = runOnServerDatabase(sql, List.of(), sink);
        return new ExecutionSummary(ExecutionLocation.SERVER, 0, 0, reason, rows, started.elapsedMillis(),
                started.planningMillis, 0);
    }

    private long runOnServerDatabase(String sql, List<ArrowTable> inputs,
            PayloadSink sink) throws QueryFailure, IOException {
        try (DuckDBConnection connection = database.newConnection()) {
            return queryRunner.run(connection, sql, inputs, sink);
        } catch (SQLException e) {
            if (!inputs.isEmpty()) {
                LOG.warn("server stage failed: {} -- SQL: {}", e.getMessage(), sql);
            }
            throw new QueryFailure(queryError(e), e);
        }
    }

    /** DuckDB's line, with what to do instead when a query tried to read a file. */
    private static String queryError(SQLException e) {
        String line = DuckDbErrors.oneLine(e);
        if (line.startsWith("Permission Error") && line.contains("file system operations are disabled")) {
            return line + ". Queries cannot read files; an admin loads them into a table with CREATE TABLE t"
                    + " DISTRIBUTED BY (column) AS SELECT * FROM read_parquet('...') (see docs/loading.md)";
        }
        return line;
    }

    private List<StageResult> runOnWorkers(List<ClusterSnapshot.Member> members, String sql, List<ArrowTable> inputs,
            PayloadSink forward) throws QueryFailure {
        List<CompletableFuture<StageResult>> running = new ArrayList<>();
        for (ClusterSnapshot.Member member : members) {
            running.add(member.worker().runStage(member.generation(), sql, inputs, forward));
        }
        List<StageResult> results = new ArrayList<>();
        for (CompletableFuture<StageResult> stage : running) {
            try {
                results.add(stage.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QueryFailure("the query was interrupted", e);
            } catch (ExecutionException e) {
                running.forEach(other -> other.cancel(false));
                if (e.getCause() instanceof QueryFailure failure) {
                    throw failure;
                }
                throw new QueryFailure(e.getCause().getMessage(), e.getCause());
            }
        }
        return results;
    }

    private static ExecutionSummary summary(ExecutionLocation location, ClusterSnapshot cluster, String reason, long rows,
            Measurements measurements) {
        return new ExecutionSummary(location, measurements.workersUsed.size(),
                measurements.readAllShards ? cluster.shardCount() : 0, reason, rows,
                measurements.elapsedMillis(), measurements.planningMillis, measurements.bytesFromWorkers);
    }
}
