package io.gizmoedge.planner;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Where the rows of a relational expression are, when every worker evaluates it over its own shards. */
sealed interface Distribution {

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
