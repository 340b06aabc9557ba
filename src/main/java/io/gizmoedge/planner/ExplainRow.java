package io.gizmoedge.planner;

import java.util.List;
import java.util.Objects;

/**
 * One row of the answer to {@code EXPLAIN <query>}: a stage of the plan (or, for a query that runs on
 * the server's full database, the one row that says so and why).
 *
 * @param stage the stage name (its result's table name in later stages), or {@code server}
 * @param location where it runs: WORKERS, ONE_WORKER or SERVER
 * @param exchange what happens to its output: GATHER (to the server), BROADCAST (to every worker),
 *     REPARTITION BY hash(...) (each row to the worker its hash chooses),
 *     TO_ONE_WORKER (to the one worker of a later stage), LOCAL (a server stage's output read by a
 *     later server stage) or RESULT (the answer)
 * @param inputs earlier stages it reads
 * @param sql the DuckDB SQL it runs
 * @param note what the stage computes, or why the query was not distributed
 */
public record ExplainRow(String stage, String location, String exchange, List<String> inputs, String sql, String note) {
    public ExplainRow {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(exchange, "exchange");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(note, "note");
    }
}
