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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        return onEveryWorker(inputsPerWorker, (connection, inputs) -> runner.run(connection, stage.sql(), inputs, target));
    }

    @Override
    public long runOnOneWorker(Stage stage, List<ArrowTable> inputs, PayloadSink target) throws QueryFailure, IOException {
        return onNode(shards.get(0), connection -> runner.run(connection, stage.sql(), inputs, target));
    }

    @Override
    public long runOnServer(String sql, List<ArrowTable> inputs, PayloadSink target) throws QueryFailure, IOException {
        return onNode(server, connection -> runner.run(connection, sql, inputs, target));
    }

    @Override
    public long runDividedOnWorkers(Stage stage, List<List<ArrowTable>> inputsPerWorker, HashPartitioning partitioning,
            HashPartitioning.PartSink target) throws QueryFailure, IOException {
        return onEveryWorker(inputsPerWorker, (connection, inputs) ->
                runner.runPartitioned(connection, stage.sql(), inputs, partitioning, target, new Cancellation()));
    }

    @Override
    public long runDividedOnServer(String sql, List<ArrowTable> inputs, HashPartitioning partitioning,
            HashPartitioning.PartSink target) throws QueryFailure, IOException {
        return onNode(server, connection -> runner.runPartitioned(connection, sql, inputs, partitioning, target,
                new Cancellation()));
    }

    @Override
    public StageScheduler.OpenStage open(Stage stage) {
        return new BufferedStage(stage, shards.size());
    }

    @Override
    public long runOpened(StageScheduler.OpenStage open, List<List<ArrowTable>> inputsPerWorker, PayloadSink target)
            throws QueryFailure, IOException {
        BufferedStage opened = (BufferedStage) open;
        List<List<ArrowTable>> inputs = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            List<ArrowTable> worker = new ArrayList<>(inputsPerWorker.get(i));
            opened.received.get(i).forEach((name, payloads) -> worker.add(new ArrowTable(name, List.copyOf(payloads))));
            inputs.add(worker);
        }
        return runOnWorkers(opened.stage, inputs, target);
    }

    @Override
    public void discard(StageScheduler.OpenStage open) {
        // nothing was sent anywhere: the inputs go with the object
    }

    /** An opened stage's divided inputs, kept per worker until it runs. */
    private static final class BufferedStage implements StageScheduler.OpenStage {
        final Stage stage;
        final List<Map<String, List<byte[]>>> received = new ArrayList<>();

        BufferedStage(Stage stage, int workers) {
            this.stage = stage;
            for (int i = 0; i < workers; i++) {
                received.add(new LinkedHashMap<>());
            }
        }

        @Override
        public HashPartitioning.PartSink input(String name) {
            received.forEach(worker -> worker.put(name, new ArrayList<>()));
            return (part, payload) -> received.get(part).get(name).add(payload);
        }
    }

    /** A stage's work on one node's connection; returns its rows. */
    @FunctionalInterface
    private interface NodeWork {
        long run(DuckDBConnection connection) throws SQLException, IOException;
    }

    /** A stage's work on one worker, over that worker's inputs. */
    @FunctionalInterface
    private interface WorkerWork {
        long run(DuckDBConnection connection, List<ArrowTable> inputs) throws SQLException, IOException;
    }

    /** Runs {@code work} on every worker in turn, worker i over {@code inputsPerWorker.get(i)}; returns all rows. */
    private long onEveryWorker(List<List<ArrowTable>> inputsPerWorker, WorkerWork work) throws QueryFailure, IOException {
        if (inputsPerWorker.size() != shards.size()) {
            throw new IllegalArgumentException("inputs for " + inputsPerWorker.size() + " workers, but there are "
                    + shards.size());
        }
        long rows = 0;
        for (int i = 0; i < shards.size(); i++) {
            List<ArrowTable> inputs = inputsPerWorker.get(i);
            rows += onNode(shards.get(i), connection -> work.run(connection, inputs));
        }
        return rows;
    }

    /** Runs {@code work} on a duplicate of {@code node}'s connection (its temporary tables go with it). */
    private static long onNode(Connection node, NodeWork work) throws QueryFailure, IOException {
        try (DuckDBConnection connection = node.unwrap(DuckDBConnection.class).duplicate()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new QueryFailure(e.getMessage(), e);
        }
    }
}
