package io.gizmoedge.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.ArrowTable;
import io.gizmoedge.engine.HashPartitioning;
import io.gizmoedge.planner.DistributedPlan;
import io.gizmoedge.planner.Stage;
import io.gizmoedge.planner.StageLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StageSchedulerTest {
    private final StageScheduler scheduler = new StageScheduler();
    private final List<String> answerFromWorkers = new ArrayList<>();
    private final List<String> answerFromServer = new ArrayList<>();

    @Test
    void runsStagesInOrderEachWhereItsLocationSaysAndHandsItTheEarlierResultsItReads() throws Exception {
        DistributedPlan plan = plan(
                stage("partial", StageLocation.WORKERS),
                stage("lookup", StageLocation.ONE_WORKER),
                stage("merged", StageLocation.SERVER, "partial"),
                stage("answer", StageLocation.WORKERS, "merged", "lookup"));
        FakeExecutor executor = new FakeExecutor(3);

        long rows = scheduler.run(plan, executor, sink(answerFromWorkers), sink(answerFromServer));

        assertThat(executor.calls).containsExactly(
                "workers partial reads []",
                "one worker lookup reads []",
                "server merged reads [partial=partial@0,partial@1,partial@2]",
                "workers answer reads [merged=merged@server, lookup=lookup@one]");
        assertThat(executor.workerInputs.get(1))
                .as("a WORKERS stage gets one list of inputs per worker, today all the same")
                .hasSize(3)
                .allSatisfy(inputs -> assertThat(names(inputs)).containsExactly("merged", "lookup"));
        assertThat(answerFromWorkers).containsExactly("answer@0", "answer@1", "answer@2");
        assertThat(answerFromServer).isEmpty();
        assertThat(rows).isEqualTo(3);
    }

    @Test
    void anAnswerComputedOnTheServerGoesToTheServerSink() throws Exception {
        DistributedPlan plan = plan(stage("partial", StageLocation.WORKERS), stage("answer", StageLocation.SERVER, "partial"));

        long rows = scheduler.run(plan, new FakeExecutor(2), sink(answerFromWorkers), sink(answerFromServer));

        assertThat(answerFromServer).containsExactly("answer@server");
        assertThat(answerFromWorkers).isEmpty();
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void anAnswerFromOneWorkerGoesToTheWorkerSink() throws Exception {
        DistributedPlan plan = plan(stage("answer", StageLocation.ONE_WORKER));

        scheduler.run(plan, new FakeExecutor(2), sink(answerFromWorkers), sink(answerFromServer));

        assertThat(answerFromWorkers).containsExactly("answer@one");
        assertThat(answerFromServer).isEmpty();
    }

    @Test
    void aLostWorkerStopsTheRunBeforeTheNextStage() {
        DistributedPlan plan = plan(stage("partial", StageLocation.WORKERS), stage("answer", StageLocation.SERVER, "partial"));
        FakeExecutor executor = new FakeExecutor(2);
        executor.loseWorkerIn = "partial";

        assertThatThrownBy(() -> scheduler.run(plan, executor, sink(answerFromWorkers), sink(answerFromServer)))
                .isInstanceOf(WorkerLostException.class);
        assertThat(executor.calls).containsExactly("workers partial reads []");
        assertThat(answerFromServer).isEmpty();
    }

    @Test
    void aRepartitionedStageIsDividedWhereItRunsAndEachWorkerReadsItsOwnPart() throws Exception {
        Stage moved = moved(StageLocation.WORKERS, "CAST(\"x0\" AS BIGINT)");
        DistributedPlan plan = plan(moved, stage("joined", StageLocation.WORKERS, "moved"),
                stage("answer", StageLocation.SERVER, "joined", "moved"));
        FakeExecutor executor = new FakeExecutor(3);

        scheduler.run(plan, executor, sink(answerFromWorkers), sink(answerFromServer));

        assertThat(executor.calls.get(0)).isEqualTo("workers moved divided by [CAST(\"x0\" AS BIGINT)] into 3 reads []");
        List<List<ArrowTable>> joinedInputs = executor.workerInputs.get(1);
        for (int worker = 0; worker < 3; worker++) {
            assertThat(describe(joinedInputs.get(worker))).as("worker %d's part", worker)
                    .isEqualTo("[moved=moved@0>" + worker + ",moved@1>" + worker + ",moved@2>" + worker + "]");
        }
        assertThat(executor.calls.get(executor.calls.size() - 1)).as("the server stage reads every part")
                .isEqualTo("server answer reads [joined=joined@0,joined@1,joined@2, moved=moved@0>0,moved@1>0,moved@2>0,"
                        + "moved@0>1,moved@1>1,moved@2>1,moved@0>2,moved@1>2,moved@2>2]");
    }

    @Test
    void aRepartitionedServerStageIsDividedOnTheServer() throws Exception {
        Stage moved = moved(StageLocation.SERVER, "\"x0\"");
        FakeExecutor executor = new FakeExecutor(2);

        scheduler.run(plan(moved, stage("joined", StageLocation.WORKERS, "moved")), executor, sink(answerFromWorkers),
                sink(answerFromServer));

        assertThat(executor.calls).containsExactly("open joined", "server moved divided into 2 reads []",
                "workers joined received {0=[moved=moved@server>0], 1=[moved=moved@server>1]} reads []");
    }

    @Test
    void oneWorkerReadsARepartitionedResultWhole() throws Exception {
        Stage moved = moved(StageLocation.WORKERS, "\"x0\"");
        FakeExecutor executor = new FakeExecutor(1);

        scheduler.run(plan(moved, stage("joined", StageLocation.WORKERS, "moved")), executor, sink(answerFromWorkers),
                sink(answerFromServer));

        assertThat(executor.calls.get(0)).as("one worker's rows are not divided").isEqualTo("workers moved reads []");
        assertThat(describe(executor.workerInputs.get(1).get(0))).isEqualTo("[moved=moved@0]");
    }

    @Test
    void aRunThatWouldHoldMoreThanItsMemoryBetweenStagesStopsBeforeTheNextStage() {
        // "partial@0" and "partial@1" are 9 bytes each: the second passes a bound of 17
        DistributedPlan plan = plan(stage("partial", StageLocation.WORKERS), stage("answer", StageLocation.SERVER, "partial"));
        FakeExecutor executor = new FakeExecutor(2);

        assertThatThrownBy(() -> new StageScheduler(17, Long.MAX_VALUE).run(plan, executor, sink(answerFromWorkers), sink(answerFromServer)))
                .isInstanceOf(QueryMemory.Exceeded.class)
                .hasMessage("the rows this query moves between its stages need more than 17 bytes of the server's memory"
                        + " (--max-query-memory)");
        assertThat(executor.calls).containsExactly("workers partial reads []");
        assertThat(answerFromServer).isEmpty();
    }

    @Test
    void theMemoryBoundCountsWhatARunHoldsNotTheAnswer() throws Exception {
        // 3 workers send "moved@w>p" (9 bytes) for each of 3 parts, read by two stages: 81 bytes held, then
        // "joined@w" (8 bytes each): 105; the answer is not held
        Stage moved = moved(StageLocation.WORKERS, "\"x0\"");
        DistributedPlan plan = plan(moved, stage("joined", StageLocation.WORKERS, "moved"),
                stage("answer", StageLocation.SERVER, "joined", "moved"));

        new StageScheduler(105, Long.MAX_VALUE).run(plan, new FakeExecutor(3), sink(answerFromWorkers), sink(answerFromServer));
        assertThat(answerFromServer).containsExactly("answer@server");

        assertThatThrownBy(() -> new StageScheduler(104, Long.MAX_VALUE).run(plan, new FakeExecutor(3), sink(new ArrayList<>()),
                sink(new ArrayList<>()))).isInstanceOf(QueryMemory.Exceeded.class);
    }

    @Test
    void aResultIsDroppedOnceTheLastStageThatReadsItHasRun() throws Exception {
        // "a@0", "a@1" (6 bytes), then "b@server" (8) read by c, then "c@server" (8): at most 16 at once
        DistributedPlan plan = plan(stage("a", StageLocation.WORKERS), stage("b", StageLocation.SERVER, "a"),
                stage("c", StageLocation.SERVER, "b"), stage("answer", StageLocation.SERVER, "c"));

        new StageScheduler(16, Long.MAX_VALUE).run(plan, new FakeExecutor(2), sink(answerFromWorkers), sink(answerFromServer));
        assertThat(answerFromServer).containsExactly("answer@server");

        assertThatThrownBy(() -> new StageScheduler(15, Long.MAX_VALUE).run(plan, new FakeExecutor(2), sink(new ArrayList<>()),
                sink(new ArrayList<>()))).isInstanceOf(QueryMemory.Exceeded.class);
    }

    @Test
    void aRunGivesWhatItHeldBackToTheServerWhenItEndsOrFails() throws Exception {
        StageScheduler bounded = new StageScheduler(100, 100);
        DistributedPlan plan = plan(stage("partial", StageLocation.WORKERS), stage("answer", StageLocation.SERVER, "partial"));
        bounded.run(plan, new FakeExecutor(2), sink(answerFromWorkers), sink(answerFromServer));
        assertThat(bounded.heldBytes()).isZero();

        DistributedPlan failing = plan(stage("partial", StageLocation.WORKERS), stage("lost", StageLocation.WORKERS),
                stage("answer", StageLocation.SERVER, "partial", "lost"));
        FakeExecutor executor = new FakeExecutor(2);
        executor.loseWorkerIn = "lost";
        assertThatThrownBy(() -> bounded.run(failing, executor, sink(new ArrayList<>()), sink(new ArrayList<>())))
                .isInstanceOf(WorkerLostException.class);
        assertThat(bounded.heldBytes()).as("partial's rows, held when the run failed").isZero();
    }

    @Test
    void aDividedResultOnlyOneWorkersStageReadsGoesToItsWorkersAsItIsProducedAndIsNotHeld() throws Exception {
        DistributedPlan plan = plan(stage("small", StageLocation.WORKERS), moved(StageLocation.WORKERS, "\"x0\""),
                stage("joined", StageLocation.WORKERS, "moved", "small"));
        FakeExecutor executor = new FakeExecutor(2);

        // only "small@0" and "small@1" (7 bytes each) are held
        new StageScheduler(14, Long.MAX_VALUE).run(plan, executor, sink(answerFromWorkers), sink(answerFromServer));

        assertThat(executor.calls).containsExactly(
                "workers small reads []",
                "open joined",
                "workers moved divided by [\"x0\"] into 2 reads []",
                "workers joined received {0=[moved=moved@0>0, moved=moved@1>0], 1=[moved=moved@0>1, moved=moved@1>1]}"
                        + " reads [small=small@0,small@1]");
        assertThat(answerFromWorkers).containsExactly("joined@0", "joined@1");
    }

    @Test
    void aReaderThatDividesItsOwnRowsGetsItsPartsWhenItRuns() throws Exception {
        Stage partial = new Stage("partial", StageLocation.WORKERS, "SELECT * FROM moved AS partial", List.of("moved"),
                "partial rows", List.of("\"g0\""));
        FakeExecutor executor = new FakeExecutor(2);

        scheduler.run(plan(moved(StageLocation.WORKERS, "\"x0\""), partial, stage("answer", StageLocation.SERVER, "partial")),
                executor, sink(answerFromWorkers), sink(answerFromServer));

        assertThat(executor.calls).containsExactly("workers moved divided by [\"x0\"] into 2 reads []",
                "workers partial divided by [\"g0\"] into 2 reads [moved=moved@0>0,moved@1>0]",
                "server answer reads [partial=partial@0>0,partial@1>0,partial@0>1,partial@1>1]");
    }

    @Test
    void anOpenedStageIsDiscardedWhenTheRunFailsBeforeItRuns() {
        FakeExecutor executor = new FakeExecutor(2);
        executor.loseWorkerIn = "moved";

        assertThatThrownBy(() -> scheduler.run(plan(moved(StageLocation.WORKERS, "\"x0\""),
                stage("joined", StageLocation.WORKERS, "moved")), executor, sink(answerFromWorkers), sink(answerFromServer)))
                .isInstanceOf(WorkerLostException.class);
        assertThat(executor.calls).containsExactly("open joined", "workers moved divided by [\"x0\"] into 2 reads []",
                "discard joined");
    }

    /** Each node sends one payload, "stage@node", and reports one row; records what every call read. */
    private static final class FakeExecutor implements StageScheduler.StageExecutor {
        final int workers;
        final List<String> calls = new ArrayList<>();
        final List<List<List<ArrowTable>>> workerInputs = new ArrayList<>();
        String loseWorkerIn = "";

        FakeExecutor(int workers) {
            this.workers = workers;
        }

        @Override
        public int workerCount() {
            return workers;
        }

        @Override
        public long runOnWorkers(Stage stage, List<List<ArrowTable>> inputsPerWorker, PayloadSink target)
                throws WorkerLostException, IOException {
            calls.add("workers " + stage.name() + " reads " + describe(inputsPerWorker.get(0)));
            workerInputs.add(inputsPerWorker);
            if (stage.name().equals(loseWorkerIn)) {
                throw new WorkerLostException("worker 1 disconnected");
            }
            for (int i = 0; i < workers; i++) {
                target.accept((stage.name() + "@" + i).getBytes(UTF_8));
            }
            return workers;
        }

        @Override
        public long runOnOneWorker(Stage stage, List<ArrowTable> inputs, PayloadSink target) throws IOException {
            calls.add("one worker " + stage.name() + " reads " + describe(inputs));
            target.accept((stage.name() + "@one").getBytes(UTF_8));
            return 1;
        }

        @Override
        public long runDividedOnWorkers(Stage stage, List<List<ArrowTable>> inputsPerWorker, HashPartitioning partitioning,
                HashPartitioning.PartSink target) throws IOException, WorkerLostException {
            calls.add("workers " + stage.name() + " divided by " + partitioning.keys() + " into " + partitioning.parts()
                    + " reads " + describe(inputsPerWorker.get(0)));
            workerInputs.add(inputsPerWorker);
            if (stage.name().equals(loseWorkerIn)) {
                throw new WorkerLostException("worker 1 disconnected");
            }
            for (int worker = 0; worker < workers; worker++) {
                for (int part = 0; part < partitioning.parts(); part++) {
                    target.accept(part, (stage.name() + "@" + worker + ">" + part).getBytes(UTF_8));
                }
            }
            return workers;
        }

        @Override
        public StageScheduler.OpenStage open(Stage stage) {
            calls.add("open " + stage.name());
            return new FakeOpenStage(stage);
        }

        @Override
        public long runOpened(StageScheduler.OpenStage open, List<List<ArrowTable>> inputsPerWorker, PayloadSink target)
                throws IOException {
            FakeOpenStage opened = (FakeOpenStage) open;
            calls.add("workers " + opened.stage.name() + " received " + opened.received + " reads "
                    + describe(inputsPerWorker.get(0)));
            workerInputs.add(inputsPerWorker);
            for (int i = 0; i < workers; i++) {
                target.accept((opened.stage.name() + "@" + i).getBytes(UTF_8));
            }
            return workers;
        }

        @Override
        public void discard(StageScheduler.OpenStage open) {
            calls.add("discard " + ((FakeOpenStage) open).stage.name());
        }

        @Override
        public long runDividedOnServer(String sql, List<ArrowTable> inputs, HashPartitioning partitioning,
                HashPartitioning.PartSink target) throws IOException {
            String name = sql.substring(sql.lastIndexOf(' ') + 1);
            calls.add("server " + name + " divided into " + partitioning.parts() + " reads " + describe(inputs));
            for (int part = 0; part < partitioning.parts(); part++) {
                target.accept(part, (name + "@server>" + part).getBytes(UTF_8));
            }
            return 1;
        }

        @Override
        public long runOnServer(String sql, List<ArrowTable> inputs, PayloadSink target) throws IOException {
            String name = sql.substring(sql.lastIndexOf(' ') + 1);
            calls.add("server " + name + " reads " + describe(inputs));
            target.accept((name + "@server").getBytes(UTF_8));
            return 1;
        }
    }

    /** An opened stage: what each worker received, as "input=payload". */
    private static final class FakeOpenStage implements StageScheduler.OpenStage {
        final Stage stage;
        final Map<Integer, List<String>> received = new TreeMap<>();

        FakeOpenStage(Stage stage) {
            this.stage = stage;
        }

        @Override
        public HashPartitioning.PartSink input(String name) {
            return (part, payload) -> received.computeIfAbsent(part, p -> new ArrayList<>())
                    .add(name + "=" + new String(payload, UTF_8));
        }
    }

    private static String describe(List<ArrowTable> inputs) {
        return inputs.stream()
                .map(table -> table.name() + "=" + String.join(",",
                        table.payloads().stream().map(payload -> new String(payload, UTF_8)).toList()))
                .toList()
                .toString();
    }

    private static List<String> names(List<ArrowTable> inputs) {
        return inputs.stream().map(ArrowTable::name).toList();
    }

    private static PayloadSink sink(List<String> received) {
        return payload -> received.add(new String(payload, UTF_8));
    }

    private static DistributedPlan plan(Stage... stages) {
        return new DistributedPlan(List.of(stages), List.of(), "a test plan");
    }

    /** A stage named "moved" whose rows are repartitioned by {@code key}. */
    private static Stage moved(StageLocation location, String key) {
        return new Stage("moved", location, "SELECT * FROM t AS moved", List.of(), "moved rows", List.of(key));
    }

    /** A stage whose SQL ends with its name (the fake server reads it from there). */
    private static Stage stage(String name, StageLocation location, String... inputs) {
        return new Stage(name, location, "SELECT * FROM t AS " + name, List.of(inputs), "stage " + name);
    }
}
