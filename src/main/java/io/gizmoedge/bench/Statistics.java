package io.gizmoedge.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The few figures the benchmark reports: medians, ratios and their geometric mean. */
public final class Statistics {
    private Statistics() {
    }

    /** The middle value; the mean of the two middle values when the count is even. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the median of no values is undefined; time at least one run");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * The nearest-rank percentile: the smallest value with at least {@code percent} % of the values at
     * or below it; 0 gives the smallest value, 100 the largest.
     */
    public static double percentile(List<Double> values, double percent) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a percentile of no values is undefined; time at least one run");
        }
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("a percentile lies between 0 and 100, not " + percent);
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    /** How many times longer the cluster took than single-node DuckDB (below 1: the cluster was faster). */
    public static double ratio(double clusterMillis, double singleNodeMillis) {
        if (!(singleNodeMillis > 0) || clusterMillis < 0 || Double.isNaN(clusterMillis)) {
            throw new IllegalArgumentException("a ratio needs a positive single-node time and a non-negative cluster"
                    + " time, not " + clusterMillis + " / " + singleNodeMillis);
        }
        return clusterMillis / singleNodeMillis;
    }

    /** The n-th root of the product, computed through logarithms; every value must be positive. */
    public static double geometricMean(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the geometric mean of no values is undefined");
        }
        double logSum = 0;
        for (double value : values) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("a geometric mean needs positive finite values, not " + value);
            }
            logSum += Math.log(value);
        }
        return Math.exp(logSum / values.size());
    }
}
