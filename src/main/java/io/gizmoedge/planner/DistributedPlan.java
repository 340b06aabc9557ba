package io.gizmoedge.planner;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A plan of stages in execution order (a DAG: each stage reads only earlier stages). The last
 * stage's result is the query's answer, with the same column names, types, rows and order as
 * the original query on one node; when the last stage runs on {@link StageLocation#WORKERS} the
 * answer is the union of the workers' results (the planner only does that when no order is asked).
 *
 * @param partitionedTables the partitioned tables the plan reads, sorted by name (may be empty)
 * @param description one user-facing sentence describing how the query was split
 */
public record DistributedPlan(List<Stage> stages, List<String> partitionedTables, String description)
        implements QueryPlan {

    public DistributedPlan {
        stages = List.copyOf(stages);
        partitionedTables = List.copyOf(partitionedTables);
        Objects.requireNonNull(description, "description");
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a distributed plan has at least one stage");
        }
        Set<String> earlier = new HashSet<>();
        for (Stage stage : stages) {
            for (String input : stage.inputs()) {
                if (!earlier.contains(input)) {
                    throw new IllegalArgumentException("stage " + stage.name() + " reads " + input
                            + ", which is not an earlier stage");
                }
            }
            if (!earlier.add(stage.name())) {
                throw new IllegalArgumentException("two stages are named " + stage.name());
            }
        }
    }

    /** The stage whose result is the answer. */
    public Stage resultStage() {
        return stages.get(stages.size() - 1);
    }

    @Override
    public String summary() {
        return "distributed: " + description;
    }
}
