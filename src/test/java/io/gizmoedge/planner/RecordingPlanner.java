package io.gizmoedge.planner;

import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ServerRunCause;
import io.gizmoedge.querylog.QueryLogEntry;
import io.gizmoedge.querylog.QueryLogFormat;
import io.gizmoedge.querylog.QueryLogWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link QueryPlanner} whose every plan is noted in the planner tests' query log, as the server notes
 * the statements it runs: so the test suite's report of the share planned for the server
 * (QueryPlacementListener) covers the planner tests. A plan for the server counts as
 * {@link ServerRunCause#CLUSTER_STATE} when it reads schema gizmo, else as {@link ServerRunCause#PLANNER}.
 */
final class RecordingPlanner {
    /** The planner tests' query log, under the build directory. */
    static final Path LOG = Path.of("target", "query-logs", "planner-tests" + QueryLogFormat.FILE_SUFFIX);
    /** The user the planner tests' entries name. */
    static final String USER = "planner-tests";

    private final QueryPlanner planner;
    private final QueryLogWriter log;

    RecordingPlanner(QueryPlanner planner) {
        this(planner, new QueryLogWriter(LOG));
    }

    RecordingPlanner(QueryPlanner planner, QueryLogWriter log) {
        this.planner = Objects.requireNonNull(planner, "planner");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** {@link QueryPlanner#plan}, noted in the log (a refused statement is not: it runs nowhere). */
    QueryPlan plan(String sql) throws QueryRefusedException {
        long started = System.nanoTime();
        QueryPlan plan = planner.plan(sql);
        long millis = (System.nanoTime() - started) / 1_000_000;
        try {
            log.append(entry(plan, millis));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the planner tests' query log " + log.file(), e);
        }
        return plan;
    }

    private static QueryLogEntry entry(QueryPlan plan, long millis) {
        if (plan instanceof ServerPlan server) {
            ServerRunCause cause = server.clusterStateTables().isEmpty() ? ServerRunCause.PLANNER
                    : ServerRunCause.CLUSTER_STATE;
            return new QueryLogEntry(Instant.now(), USER, ExecutionLocation.SERVER, Optional.of(cause), server.reason(), 0,
                    millis);
        }
        return new QueryLogEntry(Instant.now(), USER, ExecutionLocation.DISTRIBUTED, Optional.empty(), "", 0, millis);
    }
}
