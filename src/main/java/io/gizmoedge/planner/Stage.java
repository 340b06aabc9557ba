package io.gizmoedge.planner;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One stage of a distributed plan: DuckDB SQL, where it runs, and the earlier stages whose results
 * it reads as tables named after them. The exchange follows from the locations: a stage read by a
 * {@link StageLocation#SERVER} stage is gathered to the server; a stage read by a
 * {@link StageLocation#WORKERS} or {@link StageLocation#ONE_WORKER} stage is gathered and then
 * broadcast to the workers that run it, where it is registered as a table before the SQL runs.
 *
 * @param name a SQL identifier unique in the plan, used as the table name of its result
 * @param inputs names of earlier stages that {@code sql} reads
 * @param explanation one sentence for EXPLAIN: what the stage computes
 */
public record Stage(String name, StageLocation location, String sql, List<String> inputs, String explanation) {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    public Stage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(explanation, "explanation");
        inputs = List.copyOf(inputs);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("stage name must be a lower-case SQL identifier: " + name);
        }
        if (sql.isBlank()) {
            throw new IllegalArgumentException("stage " + name + " has no SQL");
        }
        if (inputs.contains(name)) {
            throw new IllegalArgumentException("stage " + name + " cannot read its own result");
        }
    }
}
