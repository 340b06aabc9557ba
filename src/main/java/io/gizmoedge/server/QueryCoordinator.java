package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameDecoder;
import io.gizmoedge.engine.ArrowFrameEncoder;
import io.gizmoedge.engine.ConcatenatedArrowReader;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.planner.DistributedPlan;
import io.gizmoedge.planner.QueryPlan;
import io.gizmoedge.planner.QueryPlanner;
import io.gizmoedge.planner.QueryRefusedException;
import io.gizmoedge.planner.ServerPlan;
import io.gizmoedge.protocol.DistributedMode;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one client statement: plans it, then runs it on the workers and merges their partial
 * results, or runs it on the server's full database, streaming the answer to a {@link ResultSink}.
 */
final class QueryCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(QueryCoordinator.class);
    private static final int BATCH_ROWS = 64 * 1024;

    private final QueryPlanner planner;
    private final WorkerPool workers;
    private final ServerDatabase database;
    private final BufferAllocator allocator;
    private final ArrowFrameEncoder encoder;

    QueryCoordinator(QueryPlanner planner, WorkerPool workers, ServerDatabase database, BufferAllocator allocator,
            long maxPayloadBytes) {
        this.planner = planner;
        this.workers = workers;
        this.database = database;
        this.allocator = allocator;
        this.encoder = new ArrowFrameEncoder(maxPayloadBytes);
    }

    /** Runs {@code sql}; every payload goes to {@code sink}; returns the summary for the client. */
    ExecutionSummary execute(String sql, QueryOptions options, ResultSink sink) throws QueryFailure, IOException {
        long started = System.nanoTime();
        QueryPlan plan;
        try {
            plan = planner.plan(sql);
        } catch (QueryRefusedException e) {
            throw new QueryFailure(e.getMessage(), e);
        }
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
        List<StageResult> partials = runOnWorkers(cluster, distributed.workerSql());
        if (!options.summarize()) {
            long rows = forward(partials, sink);
            return summary(ExecutionLocation.PARTIAL, cluster, "", rows, started);
        }
        long rows = merge(distributed, partials, sink);
        return summary(ExecutionLocation.DISTRIBUTED, cluster, "", rows, started);
    }

    private ExecutionSummary runRaw(String sql, ResultSink sink, long started) throws QueryFailure, IOException {
        ClusterAvailability availability = workers.snapshot();
        if (availability instanceof ClusterAvailability.Unavailable unavailable) {
            throw new QueryFailure("distributed = force needs every shard on a ready worker, but " + unavailable.reason());
        }
        ClusterSnapshot cluster = (ClusterSnapshot) availability;
        long rows = forward(runOnWorkers(cluster, sql), sink);
        return summary(ExecutionLocation.RAW, cluster, "", rows, started);
    }

    private ExecutionSummary runOnServer(String sql, String reason, ResultSink sink, long started)
            throws QueryFailure, IOException {
        try (DuckDBConnection connection = database.fullDatabaseConnection()) {
            long rows = stream(connection, sql, sink);
            return new ExecutionSummary(ExecutionLocation.SERVER, 0, 0, reason, rows, elapsedMillis(started));
        } catch (SQLException e) {
            throw new QueryFailure(DuckDbErrors.oneLine(e), e);
        }
    }

    private List<StageResult> runOnWorkers(ClusterSnapshot cluster, String sql) throws QueryFailure {
        List<CompletableFuture<StageResult>> running = new ArrayList<>();
        for (ClusterSnapshot.Member member : cluster.members()) {
            running.add(member.worker().runStage(member.generation(), sql));
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
                throw new QueryFailure(e.getCause().getMessage(), e.getCause());
            }
        }
        return results;
    }

    private long forward(List<StageResult> partials, ResultSink sink) throws IOException {
        long rows = 0;
        for (StageResult partial : partials) {
            for (byte[] payload : partial.payloads()) {
                sink.payload(payload);
            }
            rows += partial.rowCount();
        }
        return rows;
    }

    private long merge(DistributedPlan plan, List<StageResult> partials, ResultSink sink) throws QueryFailure, IOException {
        List<byte[]> payloads = new ArrayList<>();
        partials.forEach(p -> payloads.addAll(p.payloads()));
        try (BufferAllocator mergeAllocator = allocator.newChildAllocator("merge", 0, Long.MAX_VALUE)) {
            Schema schema = ArrowFrameDecoder.schemaOf(payloads.get(0), mergeAllocator);
            try (DuckDBConnection connection = database.mergeConnection();
                    ArrowArrayStream stream = ArrowArrayStream.allocateNew(mergeAllocator)) {
                ArrowReader reader = new ConcatenatedArrowReader(mergeAllocator, schema, payloads);
                Data.exportArrayStream(mergeAllocator, reader, stream);
                connection.registerArrowStream(plan.partialTableName(), stream);
                return stream(connection, plan.mergeSql(), sink);
            }
        } catch (SQLException e) {
            LOG.warn("merge failed for plan {}: {}", plan.description(), e.getMessage());
            throw new QueryFailure("merging the workers' results failed: " + DuckDbErrors.oneLine(e), e);
        }
    }

    /** Runs {@code sql} on {@code connection} and streams the answer as Arrow payloads. */
    private long stream(DuckDBConnection connection, String sql, ResultSink sink) throws SQLException, IOException {
        try (BufferAllocator resultAllocator = allocator.newChildAllocator("result", 0, Long.MAX_VALUE);
                Statement statement = connection.createStatement();
                DuckDBResultSet rows = (DuckDBResultSet) statement.executeQuery(sql);
                ArrowReader reader = (ArrowReader) rows.arrowExportStream(resultAllocator, BATCH_ROWS)) {
            return encoder.encodeAll(reader, sink::payload);
        }
    }

    private static ExecutionSummary summary(ExecutionLocation location, ClusterSnapshot cluster, String reason, long rows,
            long started) {
        return new ExecutionSummary(location, cluster.members().size(), cluster.shardCount(), reason, rows,
                elapsedMillis(started));
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
