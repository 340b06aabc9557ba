package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.SqlNames;
import io.gizmoedge.planner.DistributedPlan;
import io.gizmoedge.planner.Stage;
import io.gizmoedge.planner.StageLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stages of a DistributedPlan in order, moving each stage's result to where the next stage reads it.
 * A stage's result is gathered as Arrow payloads and handed, as a table named after the stage, to the
 * stages that read it (registered on the server, or broadcast to the workers). Where a stage runs is
 * the {@link StageExecutor}'s business: the cluster in production, in-process DuckDB shards in tests.
 * What a run keeps between its stages is bounded by a {@link QueryMemory}.
 */
public final class StageScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(StageScheduler.class);

    private final long maxHeldBytes;

    /** A scheduler whose runs hold whatever their stages' results need (in-process tests). */
    public StageScheduler() {
        this(Long.MAX_VALUE);
    }

    /**
     * A scheduler whose runs keep at most {@code maxHeldBytes} of stage results on the server; a run
     * that needs more fails with an IOException caused by {@link QueryMemory.Exceeded}.
     */
    public StageScheduler(long maxHeldBytes) {
        if (maxHeldBytes < 1) {
            throw new IllegalArgumentException("the memory a run may hold must be at least 1 byte, got " + maxHeldBytes);
        }
        this.maxHeldBytes = maxHeldBytes;
    }

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

        /**
         * Runs each of {@code statements} in turn on one connection to the server's database, with
         * {@code inputs} registered once for all of them; statement i's payloads go to {@code targets.get(i)}.
         */
        void runOnServer(List<String> statements, List<ArrowTable> inputs, List<PayloadSink> targets)
                throws QueryFailure, IOException;
    }

    /**
     * Runs plan; the last stage's payloads go to answerFromWorkers when workers run it, else to
     * answerFromServer. Returns the answer's row count.
     */
    public long run(DistributedPlan plan, StageExecutor executor, PayloadSink answerFromWorkers,
            PayloadSink answerFromServer) throws QueryFailure, WorkerLostException, IOException {
        Run run = new Run(plan, executor, new QueryMemory(maxHeldBytes));
        List<Stage> stages = plan.stages();
        for (int i = 0; i < stages.size() - 1; i++) {
            Stage stage = stages.get(i);
            // workers of one stage send concurrently
            List<byte[]> payloads = Collections.synchronizedList(new ArrayList<>());
            PayloadSink kept = run.keeping(payloads);
            runStage(stage, run, kept, kept);
            run.results.put(stage.name(), new ArrowTable(stage.name(), List.copyOf(payloads)));
        }
        return runStage(plan.resultStage(), run, answerFromWorkers, answerFromServer);
    }

    /** One run of a plan: the stages by name, their results, and the per-worker parts of repartitioned ones. */
    private static final class Run {
        final StageExecutor executor;
        final QueryMemory memory;
        final Map<String, Stage> stages = new HashMap<>();
        final Map<String, ArrowTable> results = new HashMap<>();
        final Map<String, List<ArrowTable>> parts = new HashMap<>();
        /** The stages that read a stage's result whole: every reader not on every worker. */
        private final Set<String> readWhole = new HashSet<>();

        Run(DistributedPlan plan, StageExecutor executor, QueryMemory memory) {
            this.executor = executor;
            this.memory = memory;
            for (Stage stage : plan.stages()) {
                stages.put(stage.name(), stage);
                if (stage.location() != StageLocation.WORKERS) {
                    readWhole.addAll(stage.inputs());
                }
            }
        }

        /** Keeps the parts of a split result, and the whole only while a later stage still reads it whole. */
        void split(String name, List<ArrowTable> split) {
            parts.put(name, split);
            if (!readWhole.contains(name)) {
                ArrowTable whole = results.remove(name); // the moved rows are not held twice
                memory.release(whole.bytes());
            }
        }

        /** A sink that adds each payload to {@code payloads}, counted against the run's memory. */
        PayloadSink keeping(List<byte[]> payloads) {
            return payload -> {
                memory.reserve(payload.length);
                payloads.add(payload);
            };
        }
    }

    /** Runs one stage over the earlier stages' results; its payloads go to the sink of where it runs. */
    private long runStage(Stage stage, Run run, PayloadSink fromWorkers, PayloadSink fromServer)
            throws QueryFailure, WorkerLostException, IOException {
        long started = System.nanoTime();
        long rows = switch (stage.location()) {
            case WORKERS -> run.executor.runOnWorkers(stage, inputsPerWorker(stage, run), fromWorkers);
            case ONE_WORKER -> run.executor.runOnOneWorker(stage, inputs(stage, run.results), fromWorkers);
            case SERVER -> run.executor.runOnServer(stage.sql(), inputs(stage, run.results), fromServer);
        };
        LOG.debug("stage {} ({}): {} rows in {} ms", stage.name(), stage.location(), rows,
                QueryMeasurements.millisSince(started));
        return rows;
    }

    /**
     * What each worker reads for {@code stage}: the whole result of a gathered input, and of a
     * repartitioned input the part whose rows hash to that worker's number.
     */
    private List<List<ArrowTable>> inputsPerWorker(Stage stage, Run run) throws QueryFailure, IOException {
        int workerCount = run.executor.workerCount();
        if (workerCount < 1) {
            throw new IllegalStateException("a WORKERS stage needs at least one worker, not " + workerCount);
        }
        List<List<ArrowTable>> perWorker = new ArrayList<>();
        for (int worker = 0; worker < workerCount; worker++) {
            perWorker.add(new ArrayList<>());
        }
        for (String input : stage.inputs()) {
            Stage producer = run.stages.get(input);
            List<ArrowTable> parts = producer.repartitioned() && workerCount > 1
                    ? parts(producer, run, workerCount)
                    : Collections.nCopies(workerCount, run.results.get(input));
            for (int worker = 0; worker < workerCount; worker++) {
                perWorker.get(worker).add(parts.get(worker));
            }
        }
        return perWorker;
    }

    /**
     * The result of repartitioned stage {@code producer} split into one part per worker by the server's
     * DuckDB: part {@code w} holds the rows whose {@code hash(repartitionBy...) % workerCount} is w.
     * Every stage that reads the result in this run gets the same parts.
     */
    private static List<ArrowTable> parts(Stage producer, Run run, int workerCount) throws QueryFailure, IOException {
        List<ArrowTable> known = run.parts.get(producer.name());
        if (known != null) {
            return known;
        }
        List<String> statements = new ArrayList<>();
        List<List<byte[]>> payloads = new ArrayList<>();
        List<PayloadSink> targets = new ArrayList<>();
        for (int worker = 0; worker < workerCount; worker++) {
            statements.add(partSql(producer, workerCount, worker));
            List<byte[]> part = new ArrayList<>();
            payloads.add(part);
            targets.add(run.keeping(part));
        }
        run.executor.runOnServer(statements, List.of(run.results.get(producer.name())), targets);
        List<ArrowTable> parts = payloads.stream().map(part -> new ArrowTable(producer.name(), part)).toList();
        run.split(producer.name(), parts);
        return parts;
    }

    /** The rows of repartitioned stage {@code producer} that go to worker {@code worker} of {@code workerCount}. */
    static String partSql(Stage producer, int workerCount, int worker) {
        return "SELECT * FROM " + SqlNames.quote(producer.name()) + " WHERE hash("
                + String.join(", ", producer.repartitionBy()) + ") % " + workerCount + " = " + worker;
    }

    private static List<ArrowTable> inputs(Stage stage, Map<String, ArrowTable> results) {
        return stage.inputs().stream().map(results::get).toList();
    }
}
