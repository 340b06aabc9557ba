package io.gizmoedge.planner;

import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.DuckDbQueryRunner;
import io.gizmoedge.engine.SqlNames;
import io.gizmoedge.server.QueryFailure;
import io.gizmoedge.server.StageScheduler;
import io.gizmoedge.server.WorkerLostException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;

/**
 * Executes a {@link DistributedPlan} with the server's own {@link StageScheduler} over in-process
 * DuckDB connections ({@link InProcessStageExecutor}: worker i is shard i, the server is the
 * single-node database), and reads the answer's Arrow payloads back as a {@link QueryResultTable}.
 * The root allocator is closed after every plan, so a leak fails the test.
 */
final class DistributedPlanRunner {
    private static final long MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    private final List<Connection> shards;
    private final Connection singleNode;
    private final StageScheduler scheduler = new StageScheduler();

    DistributedPlanRunner(List<Connection> shards, Connection singleNode) {
        this.shards = List.copyOf(shards);
        this.singleNode = singleNode;
    }

    QueryResultTable run(DistributedPlan plan) throws SQLException, IOException {
        try (BufferAllocator allocator = new RootAllocator()) {
            DuckDbQueryRunner runner = new DuckDbQueryRunner(allocator, MAX_PAYLOAD_BYTES);
            List<byte[]> answer = new ArrayList<>();
            try {
                scheduler.run(plan, new InProcessStageExecutor(shards, singleNode, runner), answer::add, answer::add);
            } catch (QueryFailure | WorkerLostException e) {
                if (e.getCause() instanceof SQLException cause) {
                    throw cause;
                }
                throw new IllegalStateException("the plan failed: " + e.getMessage(), e);
            }
            String name = plan.resultStage().name();
            try (DuckDBConnection scratch = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
                runner.register(scratch, new ArrowTable(name, answer));
                return QueryResultTable.run(scratch, "SELECT * FROM " + SqlNames.quote(name));
            }
        }
    }
}
