package io.gizmoedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardCoverTest {
    @Test
    void settledWorkersWithDisjointShardsCoverEverything() {
        assertThat(ShardCover.choose(List.of(candidate("a", Set.of(0, 1), true), candidate("b", Set.of(2, 3), true)), 4))
                .hasValueSatisfying(cover -> assertThat(names(cover)).containsExactlyInAnyOrder("a", "b"));
    }

    @Test
    void whileANewOwnerIsReadyAndTheOldOneHasNotLetGoTheOldHoldersCover() {
        // b is to give shard 3 to c; c has loaded it, b still holds it
        List<ShardCover.Candidate<String>> moving = List.of(candidate("a", Set.of(0, 1), true),
                candidate("b", Set.of(2, 3), false), candidate("c", Set.of(3), true));
        assertThat(ShardCover.choose(moving, 4))
                .hasValueSatisfying(cover -> assertThat(names(cover)).containsExactlyInAnyOrder("a", "b"));
    }

    @Test
    void overlappingWorkersThatCannotBeSeparatedCoverNothing() {
        assertThat(ShardCover.choose(List.of(candidate("a", Set.of(0, 1, 2), true), candidate("b", Set.of(2, 3), false)), 4))
                .isEmpty();
        assertThat(ShardCover.choose(List.of(candidate("a", Set.of(0, 1), true)), 4)).as("shards nobody loaded").isEmpty();
    }

    private static ShardCover.Candidate<String> candidate(String name, Set<Integer> shards, boolean settled) {
        return new ShardCover.Candidate<>(name, shards, settled);
    }

    private static List<String> names(List<ShardCover.Candidate<String>> cover) {
        return cover.stream().map(ShardCover.Candidate::worker).toList();
    }
}
