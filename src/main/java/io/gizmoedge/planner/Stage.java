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
 * @param repartitionBy for a stage whose rows are repartitioned (hashed) across the workers that run the
 *     stages reading it (a {@link StageLocation#WORKERS} stage's rows, or a {@link StageLocation#SERVER} stage's): DuckDB expressions over its result's columns; each reading worker
 *     gets the rows whose {@code hash(expressions...) % workers} is its number. Empty: the result is gathered
 *     (and broadcast whole to workers that read it)
 */
public record Stage(String name, StageLocation location, String sql, List<String> inputs, String explanation,
        List<String> repartitionBy) {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    public Stage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(explanation, "explanation");
        inputs = List.copyOf(inputs);
        repartitionBy = List.copyOf(repartitionBy);
        if (!repartitionBy.isEmpty() && location == StageLocation.ONE_WORKER) {
            throw new IllegalArgumentException("stage " + name + " runs on one worker: its rows are repartitioned"
                    + " from the server, which holds every replicated table, instead");
        }
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

    /** A stage whose result is gathered to the server (and broadcast whole to the workers that read it). */
    public Stage(String name, StageLocation location, String sql, List<String> inputs, String explanation) {
        this(name, location, sql, inputs, explanation, List.of());
    }

    /** True when the rows of this stage's result are repartitioned across the workers that read them. */
    public boolean repartitioned() {
        return !repartitionBy.isEmpty();
    }
}
