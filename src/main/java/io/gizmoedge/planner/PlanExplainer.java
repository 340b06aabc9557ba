package io.gizmoedge.planner;

import java.util.ArrayList;
import java.util.List;

/** Turns a {@link QueryPlan} into the rows the server answers {@code EXPLAIN <query>} with. */
public final class PlanExplainer {
    public static final String GATHER = "GATHER";
    public static final String BROADCAST = "BROADCAST";
    public static final String REPARTITION = "REPARTITION";
    public static final String TO_ONE_WORKER = "TO_ONE_WORKER";
    public static final String LOCAL = "LOCAL";
    public static final String RESULT = "RESULT";

    /** One row per stage, in execution order; for a server plan one row with the reason. */
    public List<ExplainRow> explain(QueryPlan plan) {
        if (plan instanceof ServerPlan server) {
            return List.of(new ExplainRow("server", StageLocation.SERVER.name(), RESULT, List.of(), server.sql(),
                    "not distributed: " + server.reason()));
        }
        DistributedPlan distributed = (DistributedPlan) plan;
        List<Stage> stages = distributed.stages();
        List<ExplainRow> rows = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            rows.add(new ExplainRow(stage.name(), stage.location().name(), exchange(stages, i), stage.inputs(),
                    stage.sql(), stage.explanation()));
        }
        return rows;
    }

    private static String exchange(List<Stage> stages, int index) {
        if (index == stages.size() - 1) {
            return RESULT;
        }
        Stage stage = stages.get(index);
        if (stage.repartitioned()) {
            return REPARTITION + " BY hash(" + String.join(", ", stage.repartitionBy()) + ")";
        }
        if (readBy(stages, stage, StageLocation.WORKERS)) {
            return BROADCAST;
        }
        if (readBy(stages, stage, StageLocation.ONE_WORKER)) {
            return TO_ONE_WORKER;
        }
        return stage.location() == StageLocation.SERVER ? LOCAL : GATHER;
    }

    private static boolean readBy(List<Stage> stages, Stage stage, StageLocation location) {
        return stages.stream().anyMatch(s -> s.location() == location && s.inputs().contains(stage.name()));
    }
}
