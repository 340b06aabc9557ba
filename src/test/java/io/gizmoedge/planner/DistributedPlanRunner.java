package io.gizmoedge.planner;

import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.DuckDbQueryRunner;
import io.gizmoedge.engine.SqlNames;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;

/**
 * Executes a {@link DistributedPlan} the way the cluster does, on real DuckDB connections: a
 * WORKERS stage on every shard, a ONE_WORKER stage on the first shard, a SERVER stage on the
 * single-node database; each stage's result moves as Arrow payloads (the engine's own code) and
 * is registered as a temporary table where the next stage reads it. The root allocator is closed
 * after every plan, so a leak fails the test.
 */
final class DistributedPlanRunner {
    private static final long MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    private final List<Connection> shards;
    private final Connection singleNode;

    DistributedPlanRunner(List<Connection> shards, Connection singleNode) {
        this.shards = List.copyOf(shards);
        this.singleNode = singleNode;
    }

    QueryResultTable run(DistributedPlan plan) throws SQLException, IOException {
        try (BufferAllocator allocator = new RootAllocator()) {
            DuckDbQueryRunner runner = new DuckDbQueryRunner(allocator, MAX_PAYLOAD_BYTES);
            Map<String, ArrowTable> results = new HashMap<>();
            List<Stage> stages = plan.stages();
            for (int i = 0; i < stages.size(); i++) {
                Stage stage = stages.get(i);
                List<ArrowTable> inputs = stage.inputs().stream().map(results::get).toList();
                boolean last = i == stages.size() - 1;
                if (stage.location() == StageLocation.SERVER && last) {
                    try (DuckDBConnection server = duplicate(singleNode)) {
                        inputs.forEach(input -> register(runner, server, input));
                        return QueryResultTable.run(server, stage.sql());
                    }
                }
                List<Connection> targets = switch (stage.location()) {
                    case WORKERS -> shards;
                    case ONE_WORKER -> List.of(shards.get(0));
                    case SERVER -> List.of(singleNode);
                };
                List<byte[]> payloads = new ArrayList<>();
                for (Connection target : targets) {
                    try (DuckDBConnection connection = duplicate(target)) {
                        runner.run(connection, stage.sql(), inputs, payloads::add);
                    }
                }
                results.put(stage.name(), new ArrowTable(stage.name(), payloads));
                if (last) {
                    try (DuckDBConnection scratch = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
                        register(runner, scratch, results.get(stage.name()));
                        return QueryResultTable.run(scratch, "SELECT * FROM " + SqlNames.quote(stage.name()));
                    }
                }
            }
            throw new IllegalStateException("a plan without stages");
        }
    }

    private static DuckDBConnection duplicate(Connection connection) throws SQLException {
        return connection.unwrap(DuckDBConnection.class).duplicate();
    }

    private static void register(DuckDbQueryRunner runner, DuckDBConnection connection, ArrowTable table) {
        try {
            runner.register(connection, table);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot register " + table.name() + ": " + e.getMessage(), e);
        }
    }
}
