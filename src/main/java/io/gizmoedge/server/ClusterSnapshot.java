package io.gizmoedge.server;

import java.util.List;
import java.util.Set;

/**
 * The workers a distributed query runs on: their loaded shard sets are disjoint and together
 * cover every shard, so the union of their answers covers every row exactly once.
 */
record ClusterSnapshot(List<Member> members, int shardCount) implements ClusterAvailability {

    /** A ready worker with the shards it has loaded under assignment {@code generation}. */
    record Member(WorkerConnection worker, long generation, Set<Integer> shards) {
        Member {
            shards = Set.copyOf(shards);
        }
    }

    ClusterSnapshot {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a cluster snapshot needs at least one worker");
        }
    }
}
