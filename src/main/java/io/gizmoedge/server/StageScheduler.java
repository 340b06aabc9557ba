package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.planner.DistributedPlan;
import io.gizmoedge.planner.Stage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stages of a DistributedPlan in order, moving each stage's result to where the next stage reads it.
 * A stage's result is gathered as Arrow payloads and handed, as a table named after the stage, to the
 * stages that read it (registered on the server, or broadcast to the workers). Where a stage runs is
 * the {@link StageExecutor}'s business: the cluster in production, in-process DuckDB shards in tests.
 */
public final class StageScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(StageScheduler.class);

    /** Where stages run: the cluster's workers and the server's database (or in-process stand-ins in tests). */
    public interface StageExecutor {
        /** How many workers a WORKERS stage runs on (at least 1). */
        int workerCount();

        /**
         * Runs the stage on every worker at once; worker i reads inputsPerWorker.get(i) (size == workerCount()).
         * Every payload goes to target. Returns the rows produced.
         */
        long runOnWorkers(Stage stage, List<List<ArrowTable>> inputsPerWorker, PayloadSink target)
                throws QueryFailure, WorkerLostException, IOException;

        /** Runs the stage on one worker. */
        long runOnOneWorker(Stage stage, List<ArrowTable> inputs, PayloadSink target)
                throws QueryFailure, WorkerLostException, IOException;

        /** Runs sql on the server's database with inputs registered as tables named after them. */
        long runOnServer(String sql, List<ArrowTable> inputs, PayloadSink target) throws QueryFailure, IOException;
    }

    /**
     * Runs plan; the last stage's payloads go to answerFromWorkers when workers run it, else to
     * answerFromServer. Returns the answer's row count.
     */
    public long run(DistributedPlan plan, StageExecutor executor, PayloadSink answerFromWorkers,
            PayloadSink answerFromServer) throws QueryFailure, WorkerLostException, IOException {
        Map<String, ArrowTable> results = new HashMap<>();
        List<Stage> stages = plan.stages();
        for (int i = 0; i < stages.size() - 1; i++) {
            Stage stage = stages.get(i);
            // workers of one stage send concurrently
            List<byte[]> payloads = Collections.synchronizedList(new ArrayList<>());
            runStage(stage, results, executor, payloads::add, payloads::add);
            results.put(stage.name(), new ArrowTable(stage.name(), List.copyOf(payloads)));
        }
        return runStage(plan.resultStage(), results, executor, answerFromWorkers, answerFromServer);
    }

    /** Runs one stage over the earlier stages' {@code results}; its payloads go to the sink of where it runs. */
    private long runStage(Stage stage, Map<String, ArrowTable> results, StageExecutor executor, PayloadSink fromWorkers,
            PayloadSink fromServer) throws QueryFailure, WorkerLostException, IOException {
        long started = System.nanoTime();
        long rows = switch (stage.location()) {
            case WORKERS -> executor.runOnWorkers(stage,
                    inputsPerWorker(stage, results, executor.workerCount()), fromWorkers);
            case ONE_WORKER -> executor.runOnOneWorker(stage, inputs(stage, results), fromWorkers);
            case SERVER -> executor.runOnServer(stage.sql(), inputs(stage, results), fromServer);
        };
        LOG.debug("stage {} ({}): {} rows in {} ms", stage.name(), stage.location(), rows,
                (System.nanoTime() - started) / 1_000_000);
        return rows;
    }

    /** What each of {@code workerCount} workers reads for {@code stage}: today every worker reads all of every input. */
    private List<List<ArrowTable>> inputsPerWorker(Stage stage, Map<String, ArrowTable> results, int workerCount) {
        if (workerCount < 1) {
            throw new IllegalStateException("a WORKERS stage needs at least one worker, not " + workerCount);
        }
        return Collections.nCopies(workerCount, inputs(stage, results));
    }

    private static List<ArrowTable> inputs(Stage stage, Map<String, ArrowTable> results) {
        return stage.inputs().stream().map(results::get).toList();
    }
}
