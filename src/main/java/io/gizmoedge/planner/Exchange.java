package io.gizmoedge.planner;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.Aggregate;

/**
 * Where rows move between the places a plan runs: a node {@link ExchangePlacer} puts into the tree
 * and {@link PlanFragmenter} cuts at. Below it, a stage; above it, a scan of that stage's result.
 * Its rows are its input's; its kind says where they go:
 * <ul>
 *   <li>{@link Kind#GATHER}: from every worker to the server, where they are read once;</li>
 *   <li>{@link Kind#BROADCAST}: whole to every worker (from the workers, or computed once on the
 *       server), where they act as a replicated table;</li>
 *   <li>{@link Kind#REPARTITION}: each row to the worker chosen by the hash of one field
 *       ({@link #repartition()});</li>
 * </ul>
 * A split aggregate ({@link #split()} present) has the aggregate as its input: the workers compute
 * its partial rows, which are gathered or repartitioned by a group key, and the final step runs
 * where they arrive.
 */
final class Exchange extends SingleRel {
    enum Kind { GATHER, BROADCAST, REPARTITION }

    /**
     * The split aggregate an exchange carries.
     *
     * @param original the aggregate as planned, over catalog tables: single-node DuckDB describes its columns
     */
    record Split(Aggregate original, AggregateMerge merge) {
        Split {
            Objects.requireNonNull(original, "original");
            Objects.requireNonNull(merge, "merge");
        }
    }

    private final Kind kind;
    private final Optional<Repartition> repartition;
    private final OptionalLong estimatedRows;
    private final Optional<Split> split;

    private Exchange(RelNode input, Kind kind, Optional<Repartition> repartition, OptionalLong estimatedRows,
            Optional<Split> split) {
        super(input.getCluster(), input.getTraitSet(), input);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.repartition = Objects.requireNonNull(repartition, "repartition");
        this.estimatedRows = Objects.requireNonNull(estimatedRows, "estimatedRows");
        this.split = Objects.requireNonNull(split, "split");
        if ((kind == Kind.REPARTITION) != repartition.isPresent()) {
            throw new IllegalArgumentException("a REPARTITION exchange, and only one, has a key to hash: " + kind);
        }
        if (split.isPresent() && (kind == Kind.BROADCAST || !(input instanceof Aggregate))) {
            throw new IllegalArgumentException("a split aggregate is gathered or repartitioned, over its aggregate");
        }
    }

    /** The rows of {@code input} to the server. */
    static Exchange gather(RelNode input) {
        return new Exchange(input, Kind.GATHER, Optional.empty(), OptionalLong.empty(), Optional.empty());
    }

    /** The rows of {@code input} whole to every worker; {@code estimatedRows} for EXPLAIN. */
    static Exchange broadcast(RelNode input, OptionalLong estimatedRows) {
        return new Exchange(input, Kind.BROADCAST, Optional.empty(), estimatedRows, Optional.empty());
    }

    /** The rows of {@code input} to workers by the hash of a field; {@code estimatedRows} for EXPLAIN. */
    static Exchange repartition(RelNode input, Repartition repartition, OptionalLong estimatedRows) {
        return new Exchange(input, Kind.REPARTITION, Optional.of(repartition), estimatedRows, Optional.empty());
    }

    /**
     * The partial rows of {@code aggregate} (over the placed input) to where its final step runs: the
     * server, or the workers by a group key when {@code merge} says so.
     */
    static Exchange split(Aggregate aggregate, Aggregate original, AggregateMerge merge) {
        return merge.repartition()
                .map(moved -> new Exchange(aggregate, Kind.REPARTITION, Optional.of(moved), OptionalLong.empty(),
                        Optional.of(new Split(original, merge))))
                .orElseGet(() -> new Exchange(aggregate, Kind.GATHER, Optional.empty(), OptionalLong.empty(),
                        Optional.of(new Split(original, merge))));
    }

    Kind kind() {
        return kind;
    }

    Optional<Repartition> repartition() {
        return repartition;
    }

    OptionalLong estimatedRows() {
        return estimatedRows;
    }

    Optional<Split> split() {
        return split;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new Exchange(sole(inputs), kind, repartition, estimatedRows, split);
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer)
                .item("kind", kind)
                .itemIf("repartition", repartition.orElse(null), repartition.isPresent())
                .itemIf("split", true, split.isPresent());
    }
}
