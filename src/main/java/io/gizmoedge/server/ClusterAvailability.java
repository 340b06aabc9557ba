package io.gizmoedge.server;

/** Whether a distributed query can run now: a {@link ClusterSnapshot}, or {@link Unavailable} with the reason. */
sealed interface ClusterAvailability permits ClusterSnapshot, ClusterAvailability.Unavailable {

    /** No set of ready workers covers every shard exactly once; {@code reason} is for the user. */
    record Unavailable(String reason) implements ClusterAvailability {
    }
}
