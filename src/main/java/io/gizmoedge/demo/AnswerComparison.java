package io.gizmoedge.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an answer equals the expected one: same column names and types, same rows (as a
 * multiset, or in the same order when {@code ordered}), floating point values equal to a
 * relative 1e-9 (the order of additions differs between a distributed and a single-node sum).
 */
public final class AnswerComparison {
    private static final double RELATIVE_TOLERANCE = 1e-9;

    private AnswerComparison() {
    }

    /** Empty when equal; otherwise the first difference, in words. */
    public static Optional<String> difference(Answer expected, Answer actual, boolean ordered) {
        if (!expected.columnNames().equals(actual.columnNames())) {
            return Optional.of("column names differ: expected " + expected.columnNames() + ", got " + actual.columnNames());
        }
        if (!expected.columnTypes().equals(actual.columnTypes())) {
            return Optional.of("column types differ: expected " + expected.columnTypes() + ", got " + actual.columnTypes());
        }
        if (expected.rows().size() != actual.rows().size()) {
            return Optional.of("row counts differ: expected " + expected.rows().size() + ", got " + actual.rows().size());
        }
        List<List<Object>> left = new ArrayList<>(expected.rows());
        List<List<Object>> right = new ArrayList<>(actual.rows());
        if (!ordered) {
            left.sort(ROW_ORDER);
            right.sort(ROW_ORDER);
        }
        for (int i = 0; i < left.size(); i++) {
            if (!rowsEqual(left.get(i), right.get(i))) {
                return Optional.of((ordered ? "row " + (i + 1) : "a row") + " differs: expected " + left.get(i)
                        + ", got " + right.get(i));
            }
        }
        return Optional.empty();
    }

    /** True when the statement's outermost query orders its rows. */
    public static boolean isOrdered(String sql) {
        String text = sql.toLowerCase(java.util.Locale.ROOT);
        int lastClose = text.lastIndexOf(')');
        return text.indexOf("order by", Math.max(0, lastClose)) >= 0;
    }

    private static boolean rowsEqual(List<Object> left, List<Object> right) {
        for (int i = 0; i < left.size(); i++) {
            if (!valuesEqual(left.get(i), right.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean valuesEqual(Object left, Object right) {
        if (left == null || right == null) {
            return left == right;
        }
        if (left instanceof Double a && right instanceof Double b) {
            if (a.equals(b)) {
                return true;
            }
            double scale = Math.max(Math.abs(a), Math.abs(b));
            return Math.abs(a - b) <= RELATIVE_TOLERANCE * scale;
        }
        if (left instanceof BigDecimal a && right instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        return Objects.equals(left, right);
    }

    /** Orders rows for multiset comparison; doubles are rounded so that near-equal values sort alike. */
    private static final Comparator<List<Object>> ROW_ORDER = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(roundForSort(x), roundForSort(y));
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static double roundForSort(double value) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        return new BigDecimal(value).round(new java.math.MathContext(8)).doubleValue();
    }
}
