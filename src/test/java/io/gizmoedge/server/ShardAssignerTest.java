package io.gizmoedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ShardAssignerTest {

    private static List<ShardAssigner.Candidate> fresh(int workers) {
        List<ShardAssigner.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            candidates.add(new ShardAssigner.Candidate("w" + i, Set.of(), Set.of()));
        }
        return candidates;
    }

    @ParameterizedTest(name = "{0} workers, {1} shards")
    @CsvSource({"1,4", "2,4", "3,4", "4,4", "5,4", "11,11", "3,11", "12,11", "1,1"})
    void everyShardExactlyOnceAndBalanced(int workers, int shards) {
        Map<String, Set<Integer>> assignment = ShardAssigner.assign(fresh(workers), shards);
        Set<Integer> seen = new HashSet<>();
        for (Set<Integer> owned : assignment.values()) {
            for (int shard : owned) {
                assertThat(seen.add(shard)).as("shard %d assigned twice", shard).isTrue();
            }
            assertThat(owned.size()).isBetween(shards / workers, (shards + workers - 1) / workers);
        }
        assertThat(seen).hasSize(shards);
        assertThat(assignment).hasSize(workers);
    }

    @Test
    void workersKeepTheirShardsWhenAnotherJoins() {
        List<ShardAssigner.Candidate> candidates = List.of(
                new ShardAssigner.Candidate("a", Set.of(0, 1), Set.of()),
                new ShardAssigner.Candidate("b", Set.of(2, 3), Set.of()),
                new ShardAssigner.Candidate("c", Set.of(), Set.of()));
        Map<String, Set<Integer>> assignment = ShardAssigner.assign(candidates, 4);
        assertThat(assignment.get("a")).containsAnyOf(0, 1);
        assertThat(assignment.get("b")).containsAnyOf(2, 3);
        assertThat(assignment.get("a").size() + assignment.get("b").size() + assignment.get("c").size()).isEqualTo(4);
    }

    @Test
    void cachedShardsArePreferred() {
        List<ShardAssigner.Candidate> candidates = List.of(
                new ShardAssigner.Candidate("a", Set.of(), Set.of(2, 3)),
                new ShardAssigner.Candidate("b", Set.of(), Set.of(0, 1)));
        Map<String, Set<Integer>> assignment = ShardAssigner.assign(candidates, 4);
        assertThat(assignment.get("a")).containsExactlyInAnyOrder(2, 3);
        assertThat(assignment.get("b")).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void returningWorkerGetsBackTheShardsItHasCached() {
        List<ShardAssigner.Candidate> candidates = List.of(
                new ShardAssigner.Candidate("b", Set.of(0, 1, 2, 3), Set.of(0, 1, 2, 3)),
                new ShardAssigner.Candidate("a", Set.of(), Set.of(0, 1)));
        Map<String, Set<Integer>> assignment = ShardAssigner.assign(candidates, 4);
        assertThat(assignment.get("a")).containsExactlyInAnyOrder(0, 1);
        assertThat(assignment.get("b")).containsExactlyInAnyOrder(2, 3);
    }

    @Test
    void remainingWorkerTakesEverythingAfterTheOtherLeaves() {
        Map<String, Set<Integer>> assignment = ShardAssigner.assign(
                List.of(new ShardAssigner.Candidate("b", Set.of(2, 3), Set.of(2, 3))), 4);
        assertThat(assignment.get("b")).containsExactlyInAnyOrder(0, 1, 2, 3);
    }
}
