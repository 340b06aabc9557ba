package io.gizmoedge.protocol;

import java.util.Objects;

/**
 * What the server tells the client about how a query ran.
 *
 * @param location where it ran
 * @param workers number of workers that took part (0 on the server)
 * @param shards number of shards the answer covers (0 on the server)
 * @param reason why it ran where it did, in words for the user (empty when distributed as planned; for a
 *     distributed query, what it survived, such as a lost worker)
 * @param rowCount rows in the answer
 * @param elapsedMillis time from receipt to the last row, measured on the server
 * @param planningMillis time the planner took (part of elapsedMillis)
 * @param bytesFromWorkers Arrow bytes the server received from workers for this query
 * @param serverCause why it ran on the server (location SERVER or CATALOG); null when workers ran it
 */
public record ExecutionSummary(
        ExecutionLocation location, int workers, int shards, String reason, long rowCount, long elapsedMillis,
        long planningMillis, long bytesFromWorkers, ServerRunCause serverCause) {
    public ExecutionSummary {
        Objects.requireNonNull(location, "location");
        reason = reason == null ? "" : reason;
        if (workers < 0 || shards < 0 || rowCount < 0 || elapsedMillis < 0 || planningMillis < 0 || bytesFromWorkers < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (location == ExecutionLocation.CATALOG && serverCause == null) {
            serverCause = ServerRunCause.DATA_STATEMENT;
        }
        if (ranOnServer(location) != (serverCause != null)) {
            throw new IllegalArgumentException(location + " " + (serverCause == null
                    ? "needs the cause that kept it on the server" : "ran on workers: it has no server cause"));
        }
    }

    /** A summary of a statement the workers ran (or a CATALOG statement); one on the server needs its cause. */
    public ExecutionSummary(ExecutionLocation location, int workers, int shards, String reason, long rowCount,
            long elapsedMillis, long planningMillis, long bytesFromWorkers) {
        this(location, workers, shards, reason, rowCount, elapsedMillis, planningMillis, bytesFromWorkers, null);
    }

    /** True when the statement ran on the server (SERVER or CATALOG) rather than on the workers. */
    public boolean ranOnServer() {
        return ranOnServer(location);
    }

    private static boolean ranOnServer(ExecutionLocation location) {
        return location == ExecutionLocation.SERVER || location == ExecutionLocation.CATALOG;
    }

    /** One line for the user, e.g. "distributed to 2 workers over 4 shards". */
    public String describe() {
        String note = reason.isEmpty() ? "" : " (" + reason + ")";
        return switch (location) {
            case DISTRIBUTED -> (shards == 0
                    ? "ran on " + plural(workers, "worker") + " (the query reads replicated tables only)"
                    : "distributed to " + plural(workers, "worker") + " over " + plural(shards, "shard")) + note;
            case SERVER -> "ran on the server" + (reason.isEmpty() ? "" : ": " + reason);
            case CATALOG -> reason;
            case RAW -> "raw: the SQL ran unchanged on " + plural(workers, "worker") + " over " + plural(shards, "shard")
                    + "; rows are the union of their answers, not merged" + note;
            case PARTIAL -> "partial results of " + plural(workers, "worker") + " over " + plural(shards, "shard")
                    + ", unmerged (summarize = false)" + note;
        };
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
