package io.gizmoedge.planner;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How the analysis split an aggregate ({@code split}), where its final step runs, and the estimate
 * that chose it: on the server over every worker's partial rows, or, for many groups, on the workers
 * after the partial rows are repartitioned by a group key ({@code repartition}, whose field is the
 * group's index).
 *
 * @param estimatedGroups the estimated number of distinct partial groups (of the group keys and the
 *     DISTINCT aggregates' arguments); empty when the catalog's statistics do not tell
 */
record AggregateMerge(AggregateSplit split, OptionalLong estimatedGroups, Optional<Repartition> repartition) {
    AggregateMerge {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(estimatedGroups, "estimatedGroups");
        Objects.requireNonNull(repartition, "repartition");
    }

    /** The estimate for EXPLAIN: "about 200,000 groups estimated", or that there is none. */
    String describeEstimate() {
        return estimatedGroups.isPresent()
                ? String.format(java.util.Locale.ROOT, "about %,d groups estimated", estimatedGroups.getAsLong())
                : "no estimate of the groups";
    }
}
