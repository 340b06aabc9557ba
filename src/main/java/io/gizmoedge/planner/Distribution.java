package io.gizmoedge.planner;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where the rows of a relational expression are in a distributed plan: computed by every worker over
 * its own shards ({@link Partitioned}), the same on every worker ({@link Replicated}), or existing once,
 * on the server, after an exchange ({@link Single}).
 */
sealed interface Distribution {

    /**
     * The result exists once, on the server: after a final aggregate over workers' partial results, or
     * after gathering workers' rows (ORDER BY, LIMIT). A partitioned operator that reads it gets it
     * broadcast, and there it acts as {@link Replicated}.
     */
    record Single() implements Distribution {
    }

    /** Every worker computes the full result (built from replicated tables only). */
    record Replicated() implements Distribution {
    }

    /**
     * Each worker computes the rows of its shards; together they form the result, with no row twice.
     *
     * @param keys output fields that are co-location keys: rows with equal values are on one shard
     * @param tables the partitioned tables read
     */
    record Partitioned(Set<KeyField> keys, SortedSet<String> tables) implements Distribution {
        public Partitioned {
            keys = Set.copyOf(keys);
            tables = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(tables));
        }

        Optional<String> groupOf(int field) {
            return keys.stream().filter(k -> k.field() == field).map(KeyField::group).findFirst();
        }
    }

    /** The expression cannot be computed shard by shard; {@code reason} is a user-facing sentence. */
    record NotDistributable(String reason) implements Distribution {
        public NotDistributable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Output field {@code field} is a co-location key of {@code group}. */
    record KeyField(int field, String group) {
        public KeyField {
            Objects.requireNonNull(group, "group");
        }
    }
}
