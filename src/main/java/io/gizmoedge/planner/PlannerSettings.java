package io.gizmoedge.planner;

/**
 * How the planner chooses between plans that are all correct.
 *
 * @param aggregateRepartitionGroups a grouped aggregate that is not complete per worker, estimated to
 *     have more groups than this, is merged on the workers, its partial rows repartitioned by a group
 *     key, rather than on the server; with fewer groups, or no estimate, the server merges the workers'
 *     partial rows. {@link #NEVER} by default: moved rows travel through the server, so the server
 *     receives every partial row either way, and merging them there is one trip less (TPC-H Q20 at
 *     scale factor 1 takes 140 ms merged on the server, 770 ms repartitioned). Worth setting when the
 *     server's memory, not the transfer, bounds large GROUP BYs
 * @param joinBroadcastRows a join of two partitioned inputs that is not co-located sends its smaller
 *     side whole to every worker (broadcast), where it meets the other side's rows where they are,
 *     when that side is estimated to have at most this many rows (and the join keeps the other side's
 *     rows: inner, or outer, semi and anti joins that preserve that side); otherwise both sides are
 *     repartitioned by a key. A join with no equality to hash by can only be broadcast
 */
public record PlannerSettings(long aggregateRepartitionGroups, long joinBroadcastRows) {
    /** No estimate is more than this: every split aggregate is merged on the server. */
    public static final long NEVER = Long.MAX_VALUE;
    /** The default of {@link #joinBroadcastRows}. */
    public static final long DEFAULT_JOIN_BROADCAST_ROWS = 1_000_000;
    /** The server's defaults. */
    public static final PlannerSettings DEFAULT = new PlannerSettings(NEVER, DEFAULT_JOIN_BROADCAST_ROWS);

    public PlannerSettings {
        if (aggregateRepartitionGroups < 0 || joinBroadcastRows < 0) {
            throw new IllegalArgumentException("planner thresholds must not be negative");
        }
    }

    /** The defaults, with {@code aggregateRepartitionGroups}. */
    public PlannerSettings(long aggregateRepartitionGroups) {
        this(aggregateRepartitionGroups, DEFAULT_JOIN_BROADCAST_ROWS);
    }
}
