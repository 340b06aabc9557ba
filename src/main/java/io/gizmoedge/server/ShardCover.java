package io.gizmoedge.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses, among workers with loaded shards, some whose shard sets are disjoint and together cover
 * every shard: the union of their answers then counts every row once. While shards move, a shard
 * can be loaded on two workers (its new owner is ready, its old one has not let go yet); the cover
 * then takes either the settled workers or the ones still holding their old shards, whichever
 * covers everything.
 */
final class ShardCover {
    private ShardCover() {
    }

    /**
     * A worker that could take part.
     *
     * @param shards the shards it has loaded
     * @param settled true when what it has loaded is what it is assigned (no change on its way)
     */
    record Candidate<T>(T worker, Set<Integer> shards, boolean settled) {
        Candidate {
            shards = Set.copyOf(shards);
        }
    }

    /** Disjoint candidates covering shards {@code 0 .. shardCount - 1}, or empty when there are none. */
    static <T> Optional<List<Candidate<T>>> choose(List<Candidate<T>> candidates, int shardCount) {
        Comparator<Candidate<T>> settledFirst = Comparator.comparing(c -> !c.settled());
        for (Comparator<Candidate<T>> order : List.of(settledFirst, settledFirst.reversed())) {
            List<Candidate<T>> ordered = new ArrayList<>(candidates);
            ordered.sort(order);
            Set<Integer> covered = new HashSet<>();
            List<Candidate<T>> chosen = new ArrayList<>();
            for (Candidate<T> candidate : ordered) {
                if (!candidate.shards().isEmpty() && candidate.shards().stream().noneMatch(covered::contains)) {
                    covered.addAll(candidate.shards());
                    chosen.add(candidate);
                }
            }
            if (covered.size() == shardCount) {
                return Optional.of(chosen);
            }
        }
        return Optional.empty();
    }
}
