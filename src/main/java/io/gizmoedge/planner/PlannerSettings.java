package io.gizmoedge.planner;

/**
 * How the planner chooses between plans that are all correct.
 *
 * @param aggregateRepartitionGroups a grouped aggregate that is not complete per worker, estimated to
 *     have more groups than this, is merged on the workers, its partial rows repartitioned by a group
 *     key, rather than on the server: the server then never holds every group of a large GROUP BY.
 *     With fewer groups, or no estimate, the server merges the workers' partial rows (one stage less)
 */
public record PlannerSettings(long aggregateRepartitionGroups) {
    /** The server's defaults. */
    public static final PlannerSettings DEFAULT = new PlannerSettings(100_000);

    public PlannerSettings {
        if (aggregateRepartitionGroups < 0) {
            throw new IllegalArgumentException("aggregateRepartitionGroups must not be negative");
        }
    }
}
