package io.gizmoedge.bench;

import io.gizmoedge.protocol.ExecutionLocation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Everything one benchmark run measured.
 *
 * @param options what was run
 * @param machine where it ran
 * @param duckDbVersion the DuckDB version of the single-node side (the cluster runs the same jar)
 * @param finishedAt when the last query finished
 * @param measurements one per query, in the order they ran
 */
public record BenchmarkReport(BenchmarkOptions options, MachineDescription machine, String duckDbVersion,
        Instant finishedAt, List<QueryMeasurement> measurements) {

    /** The target of the architecture's yardstick: the cluster within 1.5× single-node DuckDB, geometrically. */
    public static final double TARGET_RATIO = 1.5;

    public BenchmarkReport {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(duckDbVersion, "duckDbVersion");
        Objects.requireNonNull(finishedAt, "finishedAt");
        measurements = List.copyOf(measurements);
    }

    /** The ratios of the queries timed on both sides. */
    public List<Double> ratios() {
        return measurements.stream().map(QueryMeasurement::ratio).filter(OptionalDouble::isPresent)
                .map(OptionalDouble::getAsDouble).toList();
    }

    /** Geometric mean of the per-query ratios; empty when no query was timed on both sides. */
    public OptionalDouble geometricMeanRatio() {
        List<Double> ratios = ratios();
        return ratios.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Statistics.geometricMean(ratios));
    }

    /** Geometric mean of the ratios of the queries that ran at {@code location}; empty when none did. */
    public OptionalDouble geometricMeanRatio(ExecutionLocation location) {
        List<Double> ratios = measurements.stream().filter(m -> m.location().filter(location::equals).isPresent())
                .map(QueryMeasurement::ratio).filter(OptionalDouble::isPresent).map(OptionalDouble::getAsDouble)
                .toList();
        return ratios.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Statistics.geometricMean(ratios));
    }

    /** True when the geometric mean is known and within {@link #TARGET_RATIO}. */
    public boolean meetsTarget() {
        OptionalDouble mean = geometricMeanRatio();
        return mean.isPresent() && mean.getAsDouble() <= TARGET_RATIO;
    }

    public OptionalDouble geometricMeanClusterMillis() {
        return geometricMeanOf(measurements.stream().map(QueryMeasurement::clusterMedian).toList());
    }

    public OptionalDouble geometricMeanSingleNodeMillis() {
        return geometricMeanOf(measurements.stream().map(QueryMeasurement::singleNodeMedian).toList());
    }

    public long failedCount() {
        return measurements.stream().filter(m -> !m.succeeded()).count();
    }

    public long answersEqualCount() {
        return measurements.stream().filter(QueryMeasurement::answerEqual).count();
    }

    public long countRanAt(ExecutionLocation location) {
        return measurements.stream().filter(m -> m.location().filter(location::equals).isPresent()).count();
    }

    private static OptionalDouble geometricMeanOf(List<OptionalDouble> values) {
        List<Double> present = values.stream().filter(OptionalDouble::isPresent).map(OptionalDouble::getAsDouble)
                .filter(v -> v > 0).toList();
        return present.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Statistics.geometricMean(present));
    }
}
