package io.gizmoedge.protocol;

/** Where a query ran. */
public enum ExecutionLocation {
    /** Split over the workers and merged on the server. */
    DISTRIBUTED,
    /** On the server's full database. */
    SERVER,
    /** The SQL was sent unchanged to every worker; the answer is the union of theirs ({@code distributed = force}). */
    RAW,
    /** A statement about tables (CREATE, INSERT, DROP, SHOW TABLES, DESCRIBE), carried out by the server. */
    CATALOG,
    /** The workers' partial results, unmerged ({@code summarize = false}). */
    PARTIAL
}
