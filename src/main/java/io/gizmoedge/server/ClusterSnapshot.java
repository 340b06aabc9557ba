package io.gizmoedge.server;

import java.util.List;

/**
 * The workers a distributed query runs on: their loaded shard sets are disjoint and together
 * cover every shard, so the union of their answers covers every row exactly once.
 */
record ClusterSnapshot(List<Member> members, int shardCount) implements ClusterAvailability {

    /** A ready worker and the assignment {@code generation} whose shards it has loaded. */
    record Member(WorkerConnection worker, long generation) {
    }

    ClusterSnapshot {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a cluster snapshot needs at least one worker");
        }
    }
}
