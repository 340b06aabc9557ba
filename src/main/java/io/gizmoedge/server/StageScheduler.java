package io.gizmoedge.server;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.HashPartitioning;
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
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stages of a DistributedPlan in order, moving each stage's result to where the next stage reads it.
 * A stage's result is gathered as Arrow payloads and handed, as a table named after the stage, to the
 * stages that read it (registered on the server, or broadcast to the workers). A repartitioned
 * stage's rows are divided where it runs, one part per worker ({@link HashPartitioning}), and worker i
 * of a later stage reads part i. Where a stage runs is
 * the {@link StageExecutor}'s business: the cluster in production, in-process DuckDB shards in tests.
 * What a run keeps between its stages is bounded by a {@link QueryMemory}.
 */
public final class StageScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(StageScheduler.class);

    private final long maxHeldBytes;
    /** What every run of this scheduler holds together. */
    private final QueryMemory pool;

    /** A scheduler whose runs hold whatever their stages' results need (in-process tests). */
    public StageScheduler() {
        this(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * A scheduler whose runs keep at most {@code maxHeldBytes} of stage results on the server each,
     * and at most {@code maxHeldBytesInAll} together; a run that needs more fails with an IOException
     * caused by {@link QueryMemory.Exceeded}.
     */
    public StageScheduler(long maxHeldBytes, long maxHeldBytesInAll) {
        if (maxHeldBytes < 1) {
            throw new IllegalArgumentException("the memory a run may hold must be at least 1 byte, got " + maxHeldBytes);
        }
        this.maxHeldBytes = maxHeldBytes;
        this.pool = QueryMemory.serverPool(maxHeldBytesInAll);
    }

    /** The bytes all runs hold now. */
    long heldBytes() {
        return pool.heldBytes();
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
         * Runs the stage on every worker at once, as {@link #runOnWorkers}, each worker dividing its rows by
         * {@code partitioning}; every payload goes to {@code target} with its part's number.
         */
        long runDividedOnWorkers(Stage stage, List<List<ArrowTable>> inputsPerWorker, HashPartitioning partitioning,
                HashPartitioning.PartSink target) throws QueryFailure, WorkerLostException, IOException;

        /** Runs sql on the server's database, as {@link #runOnServer}, dividing its rows by {@code partitioning}. */
        long runDividedOnServer(String sql, List<ArrowTable> inputs, HashPartitioning partitioning,
                HashPartitioning.PartSink target) throws QueryFailure, IOException;

        /**
         * Makes WORKERS stage {@code stage} ready to receive divided inputs while their producers run:
         * part i of each goes to worker i as it is produced, and the server keeps none of it. Every
         * opened stage is then run with {@link #runOpened} or dropped with {@link #discard}.
         */
        OpenStage open(Stage stage);

        /** Runs an opened stage as {@link #runOnWorkers} does, over what it received and {@code inputsPerWorker}. */
        long runOpened(OpenStage opened, List<List<ArrowTable>> inputsPerWorker, PayloadSink target)
                throws QueryFailure, WorkerLostException, IOException;

        /** Drops an opened stage that will not run, and the inputs its workers received for it. */
        void discard(OpenStage opened);

        /**
         * Runs WORKERS stage {@code stage} as {@link #runDividedOnWorkers} does, part i of its rows going
         * to worker i of opened stage {@code reader} as they are produced: through the server, or
         * straight from worker to worker where they can reach each other.
         */
        default long runDividedIntoOpened(Stage stage, List<List<ArrowTable>> inputsPerWorker,
                HashPartitioning partitioning, OpenStage reader) throws QueryFailure, WorkerLostException, IOException {
            return runDividedOnWorkers(stage, inputsPerWorker, partitioning, reader.input(stage.name()));
        }
    }

    /** A WORKERS stage that receives divided inputs before it runs ({@link StageExecutor#open}). */
    public interface OpenStage {
        /** Where the rows of input {@code name}, divided into one part per worker, go as they are produced. */
        HashPartitioning.PartSink input(String name);
    }

    /**
     * Runs plan; the last stage's payloads go to answerFromWorkers when workers run it, else to
     * answerFromServer. Returns the answer's row count.
     */
    public long run(DistributedPlan plan, StageExecutor executor, PayloadSink answerFromWorkers,
            PayloadSink answerFromServer) throws QueryFailure, WorkerLostException, IOException {
        try (QueryMemory memory = pool.newRun(maxHeldBytes)) {
            Run run = new Run(plan, executor, memory);
            try {
                return runStages(plan, run, answerFromWorkers, answerFromServer);
            } finally {
                run.opened.values().forEach(executor::discard); // stages the run failed before they ran
            }
        }
    }

    private long runStages(DistributedPlan plan, Run run, PayloadSink answerFromWorkers, PayloadSink answerFromServer)
            throws QueryFailure, WorkerLostException, IOException {
        List<Stage> stages = plan.stages();
        for (int i = 0; i < stages.size() - 1; i++) {
            Stage stage = stages.get(i);
            if (stage.repartitioned() && run.executor.workerCount() > 1) {
                runDivided(stage, run);
            } else {
                // workers of one stage send concurrently
                List<byte[]> payloads = Collections.synchronizedList(new ArrayList<>());
                PayloadSink kept = run.keeping(payloads);
                runStage(stage, run, kept, kept);
                run.results.put(stage.name(), new ArrowTable(stage.name(), List.copyOf(payloads)));
            }
            run.forgetReadBy(i, stage);
        }
        return runStage(plan.resultStage(), run, answerFromWorkers, answerFromServer);
    }

    /**
     * One run of a plan: the stages' results, and the per-worker parts of repartitioned ones, each
     * kept until the last stage that reads it has run.
     */
    private static final class Run {
        final StageExecutor executor;
        final QueryMemory memory;
        final Map<String, ArrowTable> results = new HashMap<>();
        final Map<String, List<ArrowTable>> parts = new HashMap<>();
        /** The stages whose result some stage reads whole: one not on every worker. */
        private final Set<String> readWhole = new HashSet<>();
        /** For each stage's result, the position in the plan of the last stage that reads it. */
        private final Map<String, Integer> lastReader = new HashMap<>();
        /** The stages that read each stage's result. */
        private final Map<String, List<Stage>> readers = new HashMap<>();
        /** Opened stages by name, not yet run: their divided inputs go to their workers as they are produced. */
        final Map<String, OpenStage> opened = new HashMap<>();
        /** The divided stages whose parts went to their reader's workers as they were produced. */
        final Set<String> streamed = new HashSet<>();

        Run(DistributedPlan plan, StageExecutor executor, QueryMemory memory) {
            this.executor = executor;
            this.memory = memory;
            List<Stage> stages = plan.stages();
            for (int i = 0; i < stages.size(); i++) {
                Stage stage = stages.get(i);
                if (stage.location() != StageLocation.WORKERS) {
                    readWhole.addAll(stage.inputs());
                }
                for (String input : stage.inputs()) {
                    lastReader.put(input, i);
                    readers.computeIfAbsent(input, name -> new ArrayList<>()).add(stage);
                }
            }
        }

        /** Drops the results whose last reader, {@code stage} at position {@code position}, has run. */
        void forgetReadBy(int position, Stage stage) {
            for (String input : stage.inputs()) {
                if (lastReader.get(input) == position) {
                    ArrowTable whole = results.remove(input);
                    List<ArrowTable> divided = parts.remove(input);
                    // a divided result read whole is its parts' payloads, counted once
                    long bytes = divided != null ? divided.stream().mapToLong(ArrowTable::bytes).sum()
                            : whole == null ? 0 : whole.bytes();
                    memory.release(bytes);
                }
            }
        }

        /**
         * The stage that reads divided {@code stage}'s parts as they are produced, opened: when its
         * only reader is a WORKERS stage that does not divide its own rows.
         */
        Optional<OpenStage> streamedReader(Stage stage) {
            List<Stage> reading = readers.getOrDefault(stage.name(), List.of());
            if (reading.size() != 1) {
                return Optional.empty();
            }
            Stage reader = reading.get(0);
            if (reader.location() != StageLocation.WORKERS || reader.repartitioned()) {
                return Optional.empty();
            }
            return Optional.of(opened.computeIfAbsent(reader.name(), name -> executor.open(reader)));
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
        OpenStage opened = run.opened.remove(stage.name());
        long rows = switch (stage.location()) {
            case WORKERS -> opened != null ? run.executor.runOpened(opened, inputsPerWorker(stage, run), fromWorkers)
                    : run.executor.runOnWorkers(stage, inputsPerWorker(stage, run), fromWorkers);
            case ONE_WORKER -> run.executor.runOnOneWorker(stage, inputs(stage, run.results), fromWorkers);
            case SERVER -> run.executor.runOnServer(stage.sql(), inputs(stage, run.results), fromServer);
        };
        LOG.debug("stage {} ({}): {} rows in {} ms", stage.name(), stage.location(), rows,
                QueryMeasurements.millisSince(started));
        return rows;
    }

    /**
     * Runs repartitioned {@code stage} where it runs, its rows divided into one part per worker there
     * (worker i of a later stage reads part i), and keeps the parts; the whole result (every part's
     * payloads, no copy) too when a later stage reads it whole.
     */
    private void runDivided(Stage stage, Run run) throws QueryFailure, WorkerLostException, IOException {
        long started = System.nanoTime();
        int workerCount = run.executor.workerCount();
        HashPartitioning partitioning = new HashPartitioning(stage.repartitionBy(), workerCount);
        Optional<OpenStage> reader = run.streamedReader(stage);
        if (reader.isPresent()) {
            long rows = stage.location() == StageLocation.WORKERS
                    ? run.executor.runDividedIntoOpened(stage, inputsPerWorker(stage, run), partitioning, reader.get())
                    : runDivided(stage, run, partitioning, reader.get().input(stage.name()));
            run.streamed.add(stage.name());
            LOG.debug("stage {} ({}, divided into {} parts, sent to its reader's workers): {} rows in {} ms", stage.name(),
                    stage.location(), workerCount, rows, QueryMeasurements.millisSince(started));
            return;
        }
        List<List<byte[]>> payloads = new ArrayList<>();
        List<PayloadSink> kept = new ArrayList<>();
        for (int part = 0; part < workerCount; part++) {
            List<byte[]> partPayloads = Collections.synchronizedList(new ArrayList<>()); // workers send concurrently
            payloads.add(partPayloads);
            kept.add(run.keeping(partPayloads));
        }
        long rows = runDivided(stage, run, partitioning, (part, payload) -> kept.get(part).accept(payload));
        List<ArrowTable> parts = payloads.stream().map(part -> new ArrowTable(stage.name(), List.copyOf(part))).toList();
        run.parts.put(stage.name(), parts);
        if (run.readWhole.contains(stage.name())) {
            run.results.put(stage.name(), new ArrowTable(stage.name(),
                    parts.stream().flatMap(part -> part.payloads().stream()).toList()));
        }
        LOG.debug("stage {} ({}, divided into {} parts): {} rows in {} ms", stage.name(), stage.location(), workerCount,
                rows, QueryMeasurements.millisSince(started));
    }

    /** Runs repartitioned {@code stage} where it runs; each payload goes to {@code target} with its part's number. */
    private static long runDivided(Stage stage, Run run, HashPartitioning partitioning, HashPartitioning.PartSink target)
            throws QueryFailure, WorkerLostException, IOException {
        return switch (stage.location()) {
            case WORKERS -> run.executor.runDividedOnWorkers(stage, inputsPerWorker(stage, run), partitioning, target);
            case SERVER -> run.executor.runDividedOnServer(stage.sql(), inputs(stage, run.results), partitioning, target);
            case ONE_WORKER -> throw new IllegalStateException("stage " + stage.name() + " runs on one worker and is repartitioned");
        };
    }

    /**
     * What each worker reads for {@code stage}: the whole result of a gathered input, and of a
     * repartitioned input the part whose rows hash to that worker's number. An input sent to the
     * stage's workers while it was produced is theirs already.
     */
    private static List<List<ArrowTable>> inputsPerWorker(Stage stage, Run run) {
        int workerCount = run.executor.workerCount();
        if (workerCount < 1) {
            throw new IllegalStateException("a WORKERS stage needs at least one worker, not " + workerCount);
        }
        List<List<ArrowTable>> perWorker = new ArrayList<>();
        for (int worker = 0; worker < workerCount; worker++) {
            perWorker.add(new ArrayList<>());
        }
        for (String input : stage.inputs()) {
            if (run.streamed.contains(input)) {
                continue;
            }
            List<ArrowTable> parts = run.parts.get(input);
            for (int worker = 0; worker < workerCount; worker++) {
                perWorker.get(worker).add(parts != null ? parts.get(worker) : run.results.get(input));
            }
        }
        return perWorker;
    }

    private static List<ArrowTable> inputs(Stage stage, Map<String, ArrowTable> results) {
        return stage.inputs().stream().map(results::get).toList();
    }
}
