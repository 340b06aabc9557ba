package io.gizmoedge.bench;

import io.gizmoedge.protocol.ExecutionLocation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.stream.Stream;

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
        return ratiosOf(measurements.stream());
    }

    /** Geometric mean of the per-query ratios; empty when no query was timed on both sides. */
    public OptionalDouble geometricMeanRatio() {
        return geometricMeanOrEmpty(ratios());
    }

    /** Geometric mean of the ratios of the queries that ran at {@code location}; empty when none did. */
    public OptionalDouble geometricMeanRatio(ExecutionLocation location) {
        return geometricMeanOrEmpty(ratiosOf(measurements.stream().filter(m -> ranAt(m, location))));
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
        return measurements.stream().filter(m -> ranAt(m, location)).count();
    }

    private static boolean ranAt(QueryMeasurement measurement, ExecutionLocation location) {
        return measurement.location().filter(location::equals).isPresent();
    }

    /** The ratios of those of {@code measurements} that were timed on both sides. */
    private static List<Double> ratiosOf(Stream<QueryMeasurement> measurements) {
        return measurements.map(QueryMeasurement::ratio).filter(OptionalDouble::isPresent)
                .map(OptionalDouble::getAsDouble).toList();
    }

    private static OptionalDouble geometricMeanOrEmpty(List<Double> values) {
        return values.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Statistics.geometricMean(values));
    }

    /** Geometric mean of the present, positive {@code values} (zeros are dropped); empty when there are none. */
    private static OptionalDouble geometricMeanOf(List<OptionalDouble> values) {
        List<Double> present = values.stream().filter(OptionalDouble::isPresent).map(OptionalDouble::getAsDouble)
                .filter(v -> v > 0).toList();
        return geometricMeanOrEmpty(present);
    }
}
