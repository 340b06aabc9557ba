package io.gizmoedge.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which worker serves which shard: every shard exactly once, each worker about S/W
 * shards (workers beyond S stay idle), a worker keeps what it already serves where the balance
 * allows, and a shard goes preferably to a worker that has its files cached.
 */
final class ShardAssigner {

    /** A worker as the assigner sees it, in the order workers joined. */
    record Candidate(String workerId, Set<Integer> currentShards, Set<Integer> cachedShards) {
        Candidate {
            currentShards = Set.copyOf(currentShards);
            cachedShards = Set.copyOf(cachedShards);
        }
    }

    private ShardAssigner() {
    }

    private static boolean cachedByAnotherIdleHolder(List<Candidate> workers, Candidate owner, int shard) {
        for (Candidate other : workers) {
            if (other != owner && other.cachedShards().contains(shard) && !other.currentShards().contains(shard)) {
                return true;
            }
        }
        return false;
    }

    static Map<String, Set<Integer>> assign(List<Candidate> workers, int shardCount) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("shard count must be positive");
        }
        Map<String, Set<Integer>> result = new LinkedHashMap<>();
        if (workers.isEmpty()) {
            return result;
        }
        int base = shardCount / workers.size();
        int extra = shardCount % workers.size();
        Map<String, Integer> capacity = new LinkedHashMap<>();
        for (int i = 0; i < workers.size(); i++) {
            capacity.put(workers.get(i).workerId(), base + (i < extra ? 1 : 0));
            result.put(workers.get(i).workerId(), new TreeSet<>());
        }
        boolean[] placed = new boolean[shardCount];
        // 1. keep current placements up to capacity; a worker that must give shards up gives up
        //    first those another worker (not serving them now) has cached
        for (Candidate worker : workers) {
            List<Integer> current = new ArrayList<>(new TreeSet<>(worker.currentShards()));
            current.sort(java.util.Comparator.comparing(shard -> cachedByAnotherIdleHolder(workers, worker, shard)));
            for (int shard : current) {
                if (shard < shardCount && !placed[shard] && result.get(worker.workerId()).size() < capacity.get(worker.workerId())) {
                    result.get(worker.workerId()).add(shard);
                    placed[shard] = true;
                }
            }
        }
        // 2. give shards to workers that have them cached
        for (Candidate worker : workers) {
            for (int shard : new TreeSet<>(worker.cachedShards())) {
                if (shard < shardCount && !placed[shard] && result.get(worker.workerId()).size() < capacity.get(worker.workerId())) {
                    result.get(worker.workerId()).add(shard);
                    placed[shard] = true;
                }
            }
        }
        // 3. fill the remaining capacity in join order
        List<Integer> remaining = new ArrayList<>();
        for (int shard = 0; shard < shardCount; shard++) {
            if (!placed[shard]) {
                remaining.add(shard);
            }
        }
        for (Candidate worker : workers) {
            Set<Integer> shards = result.get(worker.workerId());
            while (shards.size() < capacity.get(worker.workerId()) && !remaining.isEmpty()) {
                shards.add(remaining.remove(0));
            }
        }
        return result;
    }
}
