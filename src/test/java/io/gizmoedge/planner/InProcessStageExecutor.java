package io.gizmoedge.planner;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.engine.DuckDbQueryRunner;
import io.gizmoedge.engine.HashPartitioning;
import io.gizmoedge.server.QueryFailure;
import io.gizmoedge.server.StageScheduler;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * Runs stages the way the cluster does, in this process: worker i is shard connection i, a
 * ONE_WORKER stage runs on the first shard, the server is the single-node database. Each stage runs
 * on a {@code duplicate()} of its connection (its temporary input tables go when it closes), the
 * workers one after another.
 */
final class InProcessStageExecutor implements StageScheduler.StageExecutor {
    private final List<Connection> shards;
    private final Connection server;
    private final DuckDbQueryRunner runner;

    InProcessStageExecutor(List<Connection> shards, Connection server, DuckDbQueryRunner runner) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("an in-process cluster needs at least one shard");
        }
        this.shards = List.copyOf(shards);
        this.server = server;
        this.runner = runner;
    }

    @Override
    public int workerCount() {
        return shards.size();
    }

    @Override
    public long runOnWorkers(Stage stage, List<List<ArrowTable>> inputsPerWorker, PayloadSink target)
            throws QueryFailure, IOException {
        if (inputsPerWorker.size() != shards.size()) {
            throw new IllegalArgumentException("inputs for " + inputsPerWorker.size() + " workers, but there are "
                    + shards.size());
        }
        long rows = 0;
        for (int i = 0; i < shards.size(); i++) {
            rows += run(shards.get(i), stage.sql(), inputsPerWorker.get(i), target);
        }
        return rows;
    }

    @Override
    public long runOnOneWorker(Stage stage, List<ArrowTable> inputs, PayloadSink target) throws QueryFailure, IOException {
        return run(shards.get(0), stage.sql(), inputs, target);
    }

    @Override
    public long runOnServer(String sql, List<ArrowTable> inputs, PayloadSink target) throws QueryFailure, IOException {
        return run(server, sql, inputs, target);
    }

    @Override
    public long runDividedOnWorkers(Stage stage, List<List<ArrowTable>> inputsPerWorker, HashPartitioning partitioning,
            HashPartitioning.PartSink target) throws QueryFailure, IOException {
        if (inputsPerWorker.size() != shards.size()) {
            throw new IllegalArgumentException("inputs for " + inputsPerWorker.size() + " workers, but there are "
                    + shards.size());
        }
        long rows = 0;
        for (int i = 0; i < shards.size(); i++) {
            rows += runDivided(shards.get(i), stage.sql(), inputsPerWorker.get(i), partitioning, target);
        }
        return rows;
    }

    @Override
    public long runDividedOnServer(String sql, List<ArrowTable> inputs, HashPartitioning partitioning,
            HashPartitioning.PartSink target) throws QueryFailure, IOException {
        return runDivided(server, sql, inputs, partitioning, target);
    }

    private long runDivided(Connection node, String sql, List<ArrowTable> inputs, HashPartitioning partitioning,
            HashPartitioning.PartSink target) throws QueryFailure, IOException {
        try (DuckDBConnection connection = node.unwrap(DuckDBConnection.class).duplicate()) {
            return runner.runPartitioned(connection, sql, inputs, partitioning, target, new Cancellation());
        } catch (SQLException e) {
            throw new QueryFailure(e.getMessage(), e);
        }
    }

    private long run(Connection node, String sql, List<ArrowTable> inputs, PayloadSink target)
            throws QueryFailure, IOException {
        try (DuckDBConnection connection = node.unwrap(DuckDBConnection.class).duplicate()) {
            return runner.run(connection, sql, inputs, target);
        } catch (SQLException e) {
            throw new QueryFailure(e.getMessage(), e);
        }
    }
}
