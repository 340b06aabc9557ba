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
 */
public record PlannerSettings(long aggregateRepartitionGroups) {
    /** No estimate is more than this: every split aggregate is merged on the server. */
    public static final long NEVER = Long.MAX_VALUE;
    /** The server's defaults. */
    public static final PlannerSettings DEFAULT = new PlannerSettings(NEVER);

    public PlannerSettings {
        if (aggregateRepartitionGroups < 0) {
            throw new IllegalArgumentException("aggregateRepartitionGroups must not be negative");
        }
    }
}
