package io.gizmoedge.server;

import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.catalog.ShardManifest;
import io.gizmoedge.planner.ClusterStateTables;
import io.gizmoedge.protocol.ExecutionSummary;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The rows of the tables of schema {@code gizmo} ({@link ClusterStateTables}) as one caller may see
 * them now: every worker and shard, and of sessions and queries only the caller's own unless the
 * caller is an admin. Values are in the tables' column order; timestamps are UTC; NULL where a value
 * is not known (a worker's DuckDB memory before its first heartbeat that reports it).
 */
final class ClusterStateRows {
    private final SessionRegistry sessions;
    private final WorkerPool workers;
    private final ShardFileRows fileRows;

    ClusterStateRows(SessionRegistry sessions, WorkerPool workers, ShardFileRows fileRows) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.fileRows = Objects.requireNonNull(fileRows, "fileRows");
    }

    /** The rows of {@code table} for {@code caller}, with the shards of {@code manifest}. */
    List<List<Object>> rows(ClusterStateTables.Table table, Caller caller, ShardManifest manifest) {
        if (table.equals(ClusterStateTables.WORKERS)) {
            return workerRows();
        }
        if (table.equals(ClusterStateTables.SHARDS)) {
            return shardRows(manifest);
        }
        if (table.equals(ClusterStateTables.QUERIES)) {
            return queryRows(caller);
        }
        if (table.equals(ClusterStateTables.SESSIONS)) {
            return sessionRows(caller);
        }
        throw new IllegalArgumentException("gizmo." + table.name() + " has no rows of the server's state");
    }

    private List<List<Object>> workerRows() {
        List<List<Object>> rows = new ArrayList<>();
        for (WorkerStatus worker : workers.statuses()) {
            rows.add(row(worker.name(), worker.address(), worker.state(), shardList(worker),
                    worker.servedShards().size(), worker.bytesCached(),
                    worker.duckdbMemoryBytes().isPresent() ? worker.duckdbMemoryBytes().getAsLong() : null,
                    utc(worker.lastHeard())));
        }
        return rows;
    }

    private static String shardList(WorkerStatus worker) {
        return worker.servedShards().stream().sorted().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private List<List<Object>> shardRows(ShardManifest manifest) {
        List<WorkerStatus> statuses = workers.statuses();
        List<List<Object>> rows = new ArrayList<>();
        for (ShardBundle bundle : manifest.shards()) {
            String servedBy = statuses.stream().filter(worker -> worker.servedShards().contains(bundle.id()))
                    .map(WorkerStatus::name).collect(Collectors.joining(", "));
            bundle.files().forEach(file -> rows.add(shardRow(manifest, bundle.id(), file, servedBy)));
        }
        // every worker that serves shards of this version holds the replicated tables too
        String everyReady = statuses.stream().filter(worker -> !worker.servedShards().isEmpty())
                .map(WorkerStatus::name).collect(Collectors.joining(", "));
        manifest.replicated().files().forEach(file -> rows.add(shardRow(manifest, null, file, everyReady)));
        return rows;
    }

    private List<Object> shardRow(ShardManifest manifest, Integer shard, ShardFile file, String servedBy) {
        return row(shard, file.table(), fileRows.rows(manifest, file).orElse(null), file.sizeBytes(), file.sha256(),
                servedBy.isEmpty() ? null : servedBy);
    }

    private List<List<Object>> queryRows(Caller caller) {
        List<List<Object>> rows = new ArrayList<>();
        for (QueryInfo query : sessions.queries().queries(caller)) {
            ExecutionSummary summary = query.summary().orElse(null);
            rows.add(row(query.id(), query.sessionId(), query.user(), query.sql(), query.state().sqlName(),
                    utc(query.startedAt()), query.elapsedMillis(),
                    summary == null ? null : summary.location().name().toLowerCase(Locale.ROOT),
                    summary == null ? null : summary.describe(),
                    summary == null ? null : summary.workers(),
                    summary == null ? null : summary.bytesFromWorkers(),
                    summary == null ? null : summary.rowCount(),
                    query.error().orElse(null)));
        }
        return rows;
    }

    private List<List<Object>> sessionRows(Caller caller) {
        List<List<Object>> rows = new ArrayList<>();
        for (SessionInfo session : sessions.sessions(caller)) {
            rows.add(row(session.id(), session.caller().user(), session.caller().role().jsonName(),
                    session.remoteAddress(), session.transport(), utc(session.connectedAt()), session.runningQueries()));
        }
        return rows;
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A row that may hold NULLs (List.of refuses them). */
    private static List<Object> row(Object... values) {
        return java.util.Collections.unmodifiableList(Arrays.asList(values));
    }
}
