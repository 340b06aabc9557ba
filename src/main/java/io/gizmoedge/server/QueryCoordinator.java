package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.engine.WorkCancelledException;
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
import io.gizmoedge.protocol.ServerRunCause;
import io.gizmoedge.security.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one client statement: plans it, then has the {@link StageScheduler} run the plan's stages on
 * the cluster ({@link ClusterStageExecutor}), starting the run again when it loses a worker, or runs
 * it on the server's full database, streaming the answer to a {@link PayloadSink}.
 */
final class QueryCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(QueryCoordinator.class);
    private static final java.util.regex.Pattern EXPLAIN =
            java.util.regex.Pattern.compile("(?is)\\s*explain\\s+(.+?)[\\s;]*");
    /** The pause before a run that lost a worker starts again, times the attempts made so far. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    /** The name of the one stage of a distributed = force run. */
    private static final String RAW_STAGE = "raw";
    private static final List<String> EXPLAIN_COLUMNS = List.of("stage", "runs_on", "output", "inputs", "sql", "note");

    private final CatalogVersions versions;
    private final DataStatementRunner dataStatements;
    private final DataStatementParser dataStatementParser = new DataStatementParser();
    private final WorkerPool workers;
    private final ServerDatabase database;
    private final ServerQueryRunner serverQueries;
    private final StageScheduler scheduler;
    /** Whose turn it is to run a ONE_WORKER stage, counted over all queries. */
    private final AtomicInteger nextOneWorker = new AtomicInteger();
    private final PlanExplainer explainer = new PlanExplainer();
    private final TextTableEncoder textTables;
    private final QueryTimeouts timeouts;
    private final Failover failover;
    private final QueryRegistry queries;
    private final ClusterStateRows clusterState;
    private final FinishedQueryLog queryLog;

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
            Failover failover, StageScheduler scheduler, QueryRegistry queries, ClusterStateRows clusterState,
            FinishedQueryLog queryLog) {
        this.versions = versions;
        this.scheduler = scheduler;
        this.queryLog = queryLog;
        this.queries = queries;
        this.clusterState = clusterState;
        this.dataStatements = dataStatements;
        this.workers = workers;
        this.database = database;
        this.serverQueries = new ServerQueryRunner(database, queryRunner);
        this.textTables = textTables;
        this.timeouts = timeouts;
        this.failover = failover;
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
     * queries in the registry (gizmo.queries, gizmo.cancel) from its start until it ends; one that
     * finishes is noted in the query log.
     */
    ExecutionSummary executeInSession(SessionRegistry.ClientSession session, String sql, QueryOptions options,
            PayloadSink sink, Cancellation cancellation) throws QueryFailure, IOException {
        QueryRegistry.RunningQuery running = session.startQuery(sql, cancellation);
        try {
            ExecutionSummary summary = execute(sql, options, session.caller(), sink, cancellation);
            running.finished(summary);
            queryLog.finished(session.caller(), summary);
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
        QueryMeasurements started = new QueryMeasurements();
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
        long rows = serverQueries.run("SELECT " + cancelled + " AS " + CancelCall.RESULT_COLUMN, List.of(), sink,
                cancellation);
        return new ExecutionSummary(ExecutionLocation.SERVER, 0, 0, "gizmo.cancel acts on the server's queries", rows,
                started.elapsedMillis(), 0, 0, ServerRunCause.CLUSTER_STATE);
    }

    private ExecutionSummary execute(String sql, QueryOptions options, Caller caller, CatalogVersions.Version version,
            PayloadSink sink, Cancellation cancellation) throws QueryFailure, IOException {
        PlanCache planner = version.plans();
        QueryMeasurements started = new QueryMeasurements();
        java.util.regex.Matcher explain = EXPLAIN.matcher(sql);
        if (explain.matches()) {
            return explain(planner, explain.group(1), sink, started);
        }
        QueryPlan plan = plan(planner, sql, started);
        if (plan instanceof ServerPlan serverPlan && readsClusterState(serverPlan)) {
            // whatever the options: only the server has its state
            return runOnServer(sql, ServerRunCause.CLUSTER_STATE, serverPlan.reason(), sink, started, cancellation,
                    connection -> loadClusterState(connection, serverPlan, caller, version));
        }
        if (options.distributed() == DistributedMode.FORCE) {
            return runRaw(sql, sink, started, cancellation);
        }
        if (options.distributed() == DistributedMode.FALSE) {
            return runOnServer(sql, ServerRunCause.USER_CHOICE, "distributed = false", sink, started, cancellation);
        }
        if (plan instanceof ServerPlan serverPlan) {
            return runOnServer(sql, ServerRunCause.PLANNER, serverPlan.reason(), sink, started, cancellation);
        }
        DistributedPlan distributed = (DistributedPlan) plan;
        ClusterAvailability availability = workers.snapshot();
        if (availability instanceof ClusterAvailability.Unavailable unavailable) {
            return runOnServer(sql, ServerRunCause.NO_WORKERS, unavailable.reason(), sink, started, cancellation);
        }
        ExecutionLocation location = ExecutionLocation.DISTRIBUTED;
        int lastOnWorkers = lastStageOnAllWorkers(distributed);
        if (!options.summarize() && lastOnWorkers >= 0) {
            distributed = new DistributedPlan(distributed.stages().subList(0, lastOnWorkers + 1),
                    distributed.partitionedTables(), distributed.description());
            location = ExecutionLocation.PARTIAL;
        }
        DistributedPlan toRun = distributed;
        return runWithFailover((ClusterSnapshot) availability, sql, sink, started, cancellation, location,
                (cluster, spool, attempt) -> scheduler.run(toRun, stageExecutor(cluster, started, attempt), spool, sink));
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
     * server): the client never sees rows of an incomplete run, and no shard is counted twice. A run
     * that outgrows {@code --max-query-memory} (or finds {@code --max-total-query-memory} taken by
     * other queries) is dropped too, and the query runs on the server.
     */
    private ExecutionSummary runWithFailover(ClusterSnapshot first, String sql, PayloadSink sink, QueryMeasurements started,
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
            } catch (QueryFailure | IOException failure) {
                Optional<QueryMemory.Exceeded> exceeded = QueryMemory.Exceeded.in(failure);
                if (exceeded.isEmpty()) {
                    throw failure;
                }
                thisRun.cancel(exceeded.get().getMessage());
                query.throwIfCancelled();
                LOG.info("a distributed run was dropped ({}); the query runs on the server", exceeded.get().getMessage());
                return runOnServer(sql, ServerRunCause.QUERY_MEMORY, exceeded.get().getMessage(), sink, started, query);
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
                    return runOnServer(sql, ServerRunCause.WORKER_LOST, lost.getMessage() + ", and " + unavailable.reason(),
                            sink, started, query);
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
    private static QueryPlan plan(PlanCache planner, String sql, QueryMeasurements measurements) throws QueryFailure {
        try {
            QueryPlan plan = planner.plan(sql);
            measurements.planningMillis = measurements.elapsedMillis();
            return plan;
        } catch (QueryRefusedException e) {
            throw new QueryFailure(e.getMessage(), e);
        }
    }

    /** Answers {@code EXPLAIN query} with one row per stage of the query's plan; runs nothing. */
    private ExecutionSummary explain(PlanCache planner, String query, PayloadSink sink, QueryMeasurements started)
            throws QueryFailure, IOException {
        QueryPlan plan = plan(planner, query, started);
        List<List<String>> rows = new ArrayList<>();
        for (ExplainRow row : explainer.explain(plan)) {
            rows.add(List.of(row.stage(), row.location(), row.exchange(), String.join(", ", row.inputs()), row.sql(),
                    row.note()));
        }
        long count = textTables.encode(EXPLAIN_COLUMNS, rows, sink);
        return new ExecutionSummary(ExecutionLocation.SERVER, 0, 0, "EXPLAIN shows the plan without running it",
                count, started.elapsedMillis(), started.planningMillis, 0, ServerRunCause.EXPLAIN);
    }

    private static int lastStageOnAllWorkers(DistributedPlan plan) {
        for (int i = plan.stages().size() - 1; i >= 0; i--) {
            if (plan.stages().get(i).location() == StageLocation.WORKERS) {
                return i;
            }
        }
        return -1;
    }

    /** Where one distributed run over {@code cluster} runs its stages. */
    private ClusterStageExecutor stageExecutor(ClusterSnapshot cluster, QueryMeasurements measurements,
            Cancellation attempt) {
        return new ClusterStageExecutor(cluster, nextOneWorker, serverQueries, measurements, attempt);
    }

    private ExecutionSummary runRaw(String sql, PayloadSink sink, QueryMeasurements started, Cancellation cancellation)
            throws QueryFailure, IOException {
        // forced onto the workers: wait, as a retry does, for shards being loaded or moved
        ClusterAvailability availability = awaitCluster(0);
        if (availability instanceof ClusterAvailability.Unavailable unavailable) {
            throw new QueryFailure("distributed = force needs every shard on a ready worker, but " + unavailable.reason());
        }
        DistributedPlan raw = new DistributedPlan(List.of(new Stage(RAW_STAGE, StageLocation.WORKERS, sql, List.of(),
                "the statement unchanged on every worker; the answer is the union of theirs")), List.of(), "raw");
        return runWithFailover((ClusterSnapshot) availability, sql, sink, started, cancellation, ExecutionLocation.RAW,
                (cluster, spool, attempt) -> scheduler.run(raw, stageExecutor(cluster, started, attempt), spool, sink));
    }

    private ExecutionSummary runOnServer(String sql, ServerRunCause cause, String reason, PayloadSink sink,
            QueryMeasurements started, Cancellation cancellation) throws QueryFailure, IOException {
        return runOnServer(sql, cause, reason, sink, started, cancellation, ServerQueryRunner.ConnectionSetup.NONE);
    }

    private ExecutionSummary runOnServer(String sql, ServerRunCause cause, String reason, PayloadSink sink,
            QueryMeasurements started, Cancellation cancellation, ServerQueryRunner.ConnectionSetup setup)
            throws QueryFailure, IOException {
        long rows = serverQueries.run(sql, List.of(), sink, cancellation, setup);
        return new ExecutionSummary(ExecutionLocation.SERVER, 0, 0, reason, rows, started.elapsedMillis(),
                started.planningMillis, 0, cause);
    }

    private static ExecutionSummary summary(ExecutionLocation location, ClusterSnapshot cluster, String reason, long rows,
            QueryMeasurements measurements) {
        return new ExecutionSummary(location, measurements.workersUsed.size(),
                measurements.readAllShards ? cluster.shardCount() : 0, reason, rows,
                measurements.elapsedMillis(), measurements.planningMillis, measurements.bytesFromWorkers);
    }
}
