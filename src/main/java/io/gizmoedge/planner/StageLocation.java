package io.gizmoedge.planner;

/** Where a stage of a distributed plan runs. */
public enum StageLocation {
    /**
     * Every worker that serves shards runs the stage over its shards (partitioned tables hold only
     * those shards' rows; replicated tables all rows); the stage's result is the union of theirs.
     */
    WORKERS,
    /** One worker runs the stage; it reads only replicated tables and broadcast inputs. */
    ONE_WORKER,
    /**
     * The server runs the stage on its full database, over the gathered results of earlier stages
     * (registered as temporary tables named after those stages).
     */
    SERVER
}
