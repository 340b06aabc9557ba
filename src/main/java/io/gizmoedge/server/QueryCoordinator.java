package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.engine.WorkCancelledException;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.DuckDbQueryRunner;
import io.gizmoedge.engine.TextTableEncoder;
import io.gizmoedge.loading.DataStatement;
import io.gizmoedge.loading.DataStatementParser;
import io.gizmoedge.loading.LoadException;
import io.gizmoedge.planner.CancelCall;
import io.gizmoedge.planner.ClusterStateTables;
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
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
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
    /** The pause before a run that lost a worker starts again, times the attempts made so far. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
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
    private final QueryTimeouts timeouts;
    private final Failover failover;
    private final QueryRegistry queries;
    private final ClusterStateRows clusterState;

    /**
     * How queries survive lost workers: a distributed run that loses a worker runs again, from its
     * first stage, on the workers that serve the shards then, at most {@code attempts} times in all;
     * each time it waits up to {@code reassignmentWait} for the shards to be served again, and runs
     * on the server when they are not. A last stage's answer is kept in a spool under
     * {@code spoolDirectory} (in memory up to {@code spoolMemoryBytes}) until every worker finished it.
     */
    record Failover(int attempts, Duration reassignmentWait, Path spoolDirectory, long spoolMemoryBytes) {
        Failover {
            if (attempts < 1) {
                throw new IllegalArgumentException("a query needs at least one attempt");
            }
            java.util.Objects.requireNonNull(reassignmentWait, "reassignmentWait");
            java.util.Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        }
    }

    QueryCoordinator(CatalogVersions versions, DataStatementRunner dataStatements, WorkerPool workers,
            ServerDatabase database, DuckDbQueryRunner queryRunner, TextTableEncoder textTables, QueryTimeouts timeouts,
            Failover failover, QueryRegistry queries, ClusterStateRows clusterState) {
        this.versions = versions;
        this.queries = queries;
        this.clusterState = clusterState;
        this.dataStatements = dataStatements;
        this.workers = workers;
        this.database = database;
        this.queryRunner = queryRunner;
        this.textTables = textTables;
        this.timeouts = timeouts;
        this.failover = failover;
    }

    /** What one query measured: when it started, how long planning took, bytes received from workers. */
    private static final class Measurements {
        final long startedNanos = System.nanoTime();
        long planningMillis;
        long bytesFromWorkers;
        final java.util.Set<WorkerConnection> workersUsed = new java.util.HashSet<>();
        boolean readAllShards;
        /** What the query survived, for the summary (empty when nothing went wrong). */
        String survived = "";

        /** Forgets the workers of a run that is being started again. */
        void restart(String why) {
            workersUsed.clear();
            readAllShards = false;
            survived = why;
        }

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

    /** Prepares a query's own server connection before its SQL runs (fills the tables of schema gizmo). */
    @FunctionalInterface
    private interface ConnectionSetup {
        ConnectionSetup NONE = connection -> { };

        void prepare(DuckDBConnection connection) throws SQLException;
    }

    /**
     * Runs {@code sql} for {@code caller}; every payload goes to {@code sink}; returns the summary for
     * the client. A query runs on the catalog version current when it starts, and stops with the
     * reason when {@code cancellation} is cancelled (by the client, its timeout, or gizmo.cancel).
     */
    ExecutionSummary execute(String sql, QueryOptions options, Caller caller, PayloadSink sink, Cancellation cancellation)
            throws QueryFailure, IOException {
        Role role = caller.role();
        Optional<Long> cancel;
        try {
            cancel = CancelCall.parse(sql);
        } catch (QueryRefusedException e) {
            throw new QueryFailure(e.getMessage(), e);
        }
        if (cancel.isPresent()) {
            return cancelQuery(caller, cancel.get(), sink, cancellation);
        }
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
        try (CatalogVersions.Pin pin = versions.pin();
                Cancellation.Registration clock = timeouts.start(options, cancellation)) {
            return execute(sql, options, caller, pin.version(), sink, cancellation);
        } catch (WorkCancelledException e) {
            throw new QueryFailure(e.getMessage(), e);
        }
    }

    /**
     * Runs {@code sql} for the caller of {@code session} as {@link #execute} does, as one of the session's
     * queries in the registry (gizmo.queries, gizmo.cancel) from its start until it ends.
     */
    ExecutionSummary executeInSession(SessionRegistry.ClientSession session, String sql, QueryOptions options,
            PayloadSink sink, Cancellation cancellation) throws QueryFailure, IOException {
        QueryRegistry.RunningQuery running = session.startQuery(sql, cancellation);
        try {
            ExecutionSummary summary = execute(sql, options, session.caller(), sink, cancellation);
            running.finished(summary);
            return summary;
        } catch (QueryFailure e) {
            running.failed(e.getMessage());
            throw e;
        } catch (IOException e) {
            running.failed("sending the answer failed: " + e.getMessage());
            throw e;
        } catch (RuntimeException | Error e) {
            running.failed(QueryFailure.INTERNAL_ERROR);
            throw e;
        }
    }

    /** Answers {@code SELECT gizmo.cancel(id)}: true when it cancelled the query, false when it was not running. */
    private ExecutionSummary cancelQuery(Caller caller, long id, PayloadSink sink, Cancellation cancellation)
            throws QueryFailure, IOException {
        Measurements started = new Measurements();
        boolean cancelled = switch (queries.cancel(caller, id)) {
            case CANCELLED -> true;
            case NOT_RUNNING -> false;
            case UNKNOWN -> throw new QueryFailure("there is no query " + id
                    + "; SELECT id, sql_text FROM gizmo.queries WHERE state = 'running' lists the queries you may cancel");
            case NOT_PERMITTED -> throw new QueryFailure("query " + id + " is another user's; only its user or an admin"
                    + " may cancel it");
        };
        if (cancelled) {
            LOG.info("query {} cancelled by '{}'", id, caller.user());
        }
        long rows = runOnServerDatabase("SELECT " + cancelled + " AS " + CancelCall.RESULT_COLUMN, List.of(), sink, cancellation,
                ConnectionSetup.NONE);
        return new ExecutionSummary(ExecutionLocation.SERVER, 0, 0, "gizmo.cancel acts on the server's queries", rows,
                started.elapsedMillis(), 0, 0);
    }

    private ExecutionSummary execute(String sql, QueryOptions options, Caller caller, CatalogVersions.Version version,
            PayloadSink sink, Cancellation cancellation) throws QueryFailure, IOException {
        PlanCache planner = version.plans();
        Measurements started = new Measurements();
        java.util.regex.Matcher explain = EXPLAIN.matcher(sql);
        if (explain.matches()) {
            return explain(planner, explain.group(1), sink, started);
        }
        QueryPlan plan = plan(planner, sql, started);
        if (plan instanceof ServerPlan serverPlan && readsClusterState(serverPlan)) {
            // whatever the options: only the server has its state
            return runOnServer(sql, serverPlan.reason(), sink, started, cancellation,
                    connection -> loadClusterState(connection, serverPlan, caller, version));
        }
        if (options.distributed() == DistributedMode.FORCE) {
            return runRaw(sql, sink, started, cancellation);
        }
        if (options.distributed() == DistributedMode.FALSE) {
            return runOnServer(sql, "distributed = false", sink, started, cancellation);
        }
        if (plan instanceof ServerPlan serverPlan) {
            return runOnServer(sql, serverPlan.reason(), sink, started, cancellation);
        }
        DistributedPlan distributed = (DistributedPlan) plan;
        ClusterAvailability availability = workers.snapshot();
        if (availability instanceof ClusterAvailability.Unavailable unavailable) {
            return runOnServer(sql, unavailable.reason(), sink, started, cancellation);
        }
        List<Stage> stages = distributed.stages();
        ExecutionLocation location = ExecutionLocation.DISTRIBUTED;
        int lastOnWorkers = lastStageOnAllWorkers(distributed);
        if (!options.summarize() && lastOnWorkers >= 0) {
            stages = stages.subList(0, lastOnWorkers + 1);
            location = ExecutionLocation.PARTIAL;
        }
        List<Stage> toRun = stages;
        return runWithFailover((ClusterSnapshot) availability, sql, sink, started, cancellation, location,
                (cluster, spool, attempt) -> runStages(toRun, cluster, spool, sink, started, attempt));
    }

    /**
     * One distributed run of a query over {@code cluster}; returns its rows. Rows that workers send
     * go to {@code spool}; only a last stage on the server (which runs when no worker is needed any
     * more) may send to the client directly.
     */
    @FunctionalInterface
    private interface DistributedRun {
        long run(ClusterSnapshot cluster, ResultSpool spool, Cancellation attempt)
                throws QueryFailure, IOException, WorkerLostException;
    }

    /**
     * Runs {@code run} on {@code cluster}, keeping the answer in a spool until the run is complete,
     * then sends it. A run that loses a worker is cancelled, its answer dropped, and started again
     * on the workers that serve the shards then (or, when none do in time, the query runs on the
     * server): the client never sees rows of an incomplete run, and no shard is counted twice.
     */
    private ExecutionSummary runWithFailover(ClusterSnapshot first, String sql, PayloadSink sink, Measurements started,
            Cancellation query, ExecutionLocation location, DistributedRun run) throws QueryFailure, IOException {
        ClusterSnapshot cluster = first;
        for (int attempt = 1; ; attempt++) {
            Cancellation thisRun = new Cancellation();
            try (ResultSpool spool = new ResultSpool(failover.spoolDirectory(), failover.spoolMemoryBytes());
                    Cancellation.Registration link = query.propagateTo(thisRun)) {
                long rows = run.run(cluster, spool, thisRun);
                query.throwIfCancelled();
                spool.replay(sink);
                return summary(location, cluster, started.survived, rows, started);
            } catch (WorkerLostException lost) {
                thisRun.cancel("another worker of the query was lost");
                query.throwIfCancelled();
                if (attempt >= failover.attempts()) {
                    throw new QueryFailure("the query lost a worker " + attempt + " times (last: " + lost.getMessage()
                            + "); check the workers' logs and run it again", lost);
                }
                LOG.info("a distributed run lost a worker ({}); running it again (attempt {} of {})", lost.getMessage(),
                        attempt + 1, failover.attempts());
                started.restart("ran again after " + lost.getMessage());
                ClusterAvailability next = awaitCluster(attempt);
                if (next instanceof ClusterAvailability.Unavailable unavailable) {
                    return runOnServer(sql, lost.getMessage() + ", and " + unavailable.reason(), sink, started, query);
                }
                cluster = (ClusterSnapshot) next;
            }
        }
    }

    /**
     * True when {@code plan} reads tables of schema gizmo: those the planner found, or, for a text the
     * planner could not read (DuckDB's own syntax), any that names gizmo, which then gets every table.
     */
    private static boolean readsClusterState(ServerPlan plan) {
        return !plan.clusterStateTables().isEmpty()
                || plan.sql().toLowerCase(java.util.Locale.ROOT).contains(ClusterStateTables.SCHEMA);
    }

    /** Fills the tables of schema gizmo that {@code plan} reads, on the query's own connection, as {@code caller} may see them. */
    private void loadClusterState(DuckDBConnection connection, ServerPlan plan, Caller caller,
            CatalogVersions.Version version) throws SQLException {
        for (ClusterStateTables.Table table : ClusterStateTables.ALL) {
            if (plan.clusterStateTables().isEmpty() || plan.clusterStateTables().contains(table.name())) {
                ClusterStateCatalog.load(connection, table, clusterState.rows(table, caller, version.manifest()));
            }
        }
    }

    /** The workers for the next attempt, after a pause that grows with each attempt (the pool catches up meanwhile). */
    private ClusterAvailability awaitCluster(int attemptsMade) throws QueryFailure {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis() * attemptsMade);
            return workers.awaitSnapshot(failover.reassignmentWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryFailure("the server is shutting down", e);
        }
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

    /**
     * Runs the stages in order. The last one's result goes to {@code spool} when workers run it, or
     * to {@code client} when the server does. Returns its row count.
     */
    private long runStages(List<Stage> stages, ClusterSnapshot cluster, ResultSpool spool, PayloadSink client,
            Measurements measurements, Cancellation cancellation) throws QueryFailure, IOException, WorkerLostException {
        Map<String, ArrowTable> results = new HashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            boolean last = i == stages.size() - 1;
            long stageStarted = System.nanoTime();
            List<ArrowTable> inputs = stage.inputs().stream().map(results::get).toList();
            List<byte[]> payloads = java.util.Collections.synchronizedList(new ArrayList<>());
            if (stage.location() == StageLocation.SERVER) {
                PayloadSink stageTarget = last ? client : payloads::add;
                long rows = runOnServerDatabase(stage.sql(), inputs, stageTarget, cancellation);
                LOG.debug("stage {} on the server: {} rows in {} ms", stage.name(), rows, millisSince(stageStarted));
                if (last) {
                    return rows;
                }
            } else {
                PayloadSink stageTarget = last ? spool : payloads::add;
                List<ClusterSnapshot.Member> members = stage.location() == StageLocation.WORKERS
                        ? cluster.members()
                        : List.of(cluster.members().get(Math.floorMod(nextOneWorker.getAndIncrement(),
                                cluster.members().size())));
                List<StageResult> gathered = runOnWorkers(members, stage.sql(), inputs, stageTarget, cancellation);
                long bytes = measurements.recordWorkerStage(members, gathered, stage.location() == StageLocation.WORKERS);
                LOG.debug("stage {} on {} workers: {} bytes in {} ms", stage.name(), members.size(), bytes,
                        millisSince(stageStarted));
                if (last) {
                    return gathered.stream().mapToLong(StageResult::rowCount).sum();
                }
            }
            results.put(stage.name(), new ArrowTable(stage.name(), List.copyOf(payloads)));
        }
        throw new IllegalStateException("a plan without stages");
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private ExecutionSummary runRaw(String sql, PayloadSink sink, Measurements started, Cancellation cancellation)
            throws QueryFailure, IOException {
        ClusterAvailability availability = workers.snapshot();
        if (availability instanceof ClusterAvailability.Unavailable unavailable) {
            throw new QueryFailure("distributed = force needs every shard on a ready worker, but " + unavailable.reason());
        }
        return runWithFailover((ClusterSnapshot) availability, sql, sink, started, cancellation, ExecutionLocation.RAW,
                (cluster, spool, attempt) -> {
                    List<StageResult> results = runOnWorkers(cluster.members(), sql, List.of(), spool, attempt);
                    started.recordWorkerStage(cluster.members(), results, true);
                    return results.stream().mapToLong(StageResult::rowCount).sum();
                });
    }

    private ExecutionSummary runOnServer(String sql, String reason, PayloadSink sink, Measurements started,
            Cancellation cancellation) throws QueryFailure, IOException {
        return runOnServer(sql, reason, sink, started, cancellation, ConnectionSetup.NONE);
    }

    private ExecutionSummary runOnServer(String sql, String reason, PayloadSink sink, Measurements started,
            Cancellation cancellation, ConnectionSetup setup) throws QueryFailure, IOException {
        long rows = runOnServerDatabase(sql, List.of(), sink, cancellation, setup);
        return new ExecutionSummary(ExecutionLocation.SERVER, 0, 0, reason, rows, started.elapsedMillis(),
                started.planningMillis, 0);
    }

    private long runOnServerDatabase(String sql, List<ArrowTable> inputs, PayloadSink sink, Cancellation cancellation)
            throws QueryFailure, IOException {
        return runOnServerDatabase(sql, inputs, sink, cancellation, ConnectionSetup.NONE);
    }

    private long runOnServerDatabase(String sql, List<ArrowTable> inputs, PayloadSink sink, Cancellation cancellation,
            ConnectionSetup setup) throws QueryFailure, IOException {
        try (DuckDBConnection connection = database.newConnection()) {
            setup.prepare(connection);
            return queryRunner.run(connection, sql, inputs, sink, cancellation);
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

    /**
     * Runs a stage on {@code members}; every payload goes to {@code target}. When one member fails,
     * the others are told to stop. A lost worker (or one that no longer serves the planned shards)
     * throws {@link WorkerLostException}: the run can be started again elsewhere.
     */
    private List<StageResult> runOnWorkers(List<ClusterSnapshot.Member> members, String sql, List<ArrowTable> inputs,
            PayloadSink target, Cancellation cancellation) throws QueryFailure, WorkerLostException, WorkCancelledException {
        Cancellation stage = new Cancellation();
        try (Cancellation.Registration link = cancellation.propagateTo(stage)) {
            List<CompletableFuture<StageResult>> running = new ArrayList<>();
            for (ClusterSnapshot.Member member : members) {
                running.add(member.worker().runStage(member.generation(), sql, inputs, target, stage));
            }
            List<StageResult> results = new ArrayList<>();
            for (CompletableFuture<StageResult> result : running) {
                try {
                    results.add(result.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stage.cancel("the server is shutting down");
                    throw new QueryFailure("the server is shutting down", e);
                } catch (ExecutionException e) {
                    stage.cancel("another worker's part of the query failed");
                    Throwable cause = e.getCause();
                    cancellation.throwIfCancelled();
                    if (cause instanceof WorkerLostException lost) {
                        throw lost;
                    }
                    if (cause instanceof QueryFailure failure) {
                        throw failure;
                    }
                    throw new QueryFailure(cause.getMessage(), cause);
                }
            }
            return results;
        }
    }

    private static ExecutionSummary summary(ExecutionLocation location, ClusterSnapshot cluster, String reason, long rows,
            Measurements measurements) {
        return new ExecutionSummary(location, measurements.workersUsed.size(),
                measurements.readAllShards ? cluster.shardCount() : 0, reason, rows,
                measurements.elapsedMillis(), measurements.planningMillis, measurements.bytesFromWorkers);
    }
}
