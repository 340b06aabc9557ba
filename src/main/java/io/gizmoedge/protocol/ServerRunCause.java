package io.gizmoedge.protocol;

/**
 * Why a statement ran on the server instead of the workers. The one list of which causes need the
 * server's whole database by nature ({@link #byNature}) and which are limits the cluster could lift.
 */
public enum ServerRunCause {
    /** It reads the cluster's state (schema {@code gizmo}, {@code gizmo.cancel}), which only the server has. */
    CLUSTER_STATE(true),
    /** The user asked for it ({@code distributed = false}). */
    USER_CHOICE(true),
    /** A statement about tables (CREATE, INSERT, DROP, SHOW TABLES, DESCRIBE): the server keeps the catalog. */
    DATA_STATEMENT(true),
    /** EXPLAIN shows the plan and runs nothing. */
    EXPLAIN(true),
    /**
     * The planner gave no distributed plan: a part it cannot prove correct when split, a text it cannot
     * read (DuckDB's own syntax such as FROM-first), a nesting too deep, or a planner failure.
     */
    PLANNER(false),
    /** Not every shard was served by a ready worker. */
    NO_WORKERS(false),
    /** A distributed run lost a worker and the shards were not served again in time. */
    WORKER_LOST(false),
    /**
     * The rows a distributed run moves between its stages outgrew the server's {@code --max-query-memory}
     * (they travel through the server's memory; its DuckDB spills to disk).
     */
    QUERY_MEMORY(false);

    private final boolean byNature;

    ServerRunCause(boolean byNature) {
        this.byNature = byNature;
    }

    /** True when the statement needs the server's whole database by its nature, whatever the cluster can do. */
    public boolean byNature() {
        return byNature;
    }
}
