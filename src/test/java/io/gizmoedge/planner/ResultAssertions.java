package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Compares a distributed result with the single-node one: names, types, rows (in order or as multisets). */
final class ResultAssertions {
    private static final double RELATIVE_TOLERANCE = 1e-9;

    private ResultAssertions() {
    }

    /**
     * Fails unless {@code actual} (a distributed answer, read back from the Arrow payloads the client
     * gets) equals {@code expected} (single-node DuckDB's answer, read over JDBC) as it would reach a
     * client over Arrow ({@link #asSentOverArrow}).
     */
    static void assertSameResult(QueryResultTable actual, QueryResultTable singleNode, boolean ordered) {
        QueryResultTable expected = asSentOverArrow(singleNode);
        assertThat(actual.columns()).as("result columns (names and DuckDB types)").isEqualTo(expected.columns());
        assertThat(actual.rows()).as("row count").hasSize(expected.rows().size());
        List<List<Object>> actualRows = ordered ? actual.rows() : sorted(actual.rows());
        List<List<Object>> expectedRows = ordered ? expected.rows() : sorted(expected.rows());
        for (int r = 0; r < expectedRows.size(); r++) {
            List<Object> actualRow = actualRows.get(r);
            List<Object> expectedRow = expectedRows.get(r);
            for (int c = 0; c < expectedRow.size(); c++) {
                if (!sameValue(actualRow.get(c), expectedRow.get(c))) {
                    fail("row " + r + " column " + expected.columns().get(c).name() + ": expected "
                            + expectedRow + " but was " + actualRow);
                }
            }
        }
    }

    /**
     * {@code table} as DuckDB sends it in Arrow: Arrow has no 128-bit integer, so a HUGEINT column
     * (TPC-H Q12's SUM(CASE ... THEN 1 ELSE 0 END)) travels as Decimal128(38, 0) and reads back as
     * DECIMAL(38,0), whether the answer comes from one node or from the cluster.
     */
    private static QueryResultTable asSentOverArrow(QueryResultTable table) {
        List<ResultColumn> columns = table.columns().stream()
                .map(column -> column.type().equals("HUGEINT") ? new ResultColumn(column.name(), "DECIMAL(38,0)") : column)
                .toList();
        List<List<Object>> rows = table.rows().stream()
                .map(row -> java.util.Collections.unmodifiableList(row.stream()
                        .map(value -> value instanceof java.math.BigInteger big ? (Object) new BigDecimal(big) : value)
                        .collect(java.util.stream.Collectors.toList())))
                .toList();
        return new QueryResultTable(columns, rows);
    }

    private static boolean sameValue(Object actual, Object expected) {
        if (actual == null || expected == null) {
            return actual == expected;
        }
        if (expected instanceof Double || expected instanceof Float) {
            double a = ((Number) actual).doubleValue();
            double e = ((Number) expected).doubleValue();
            // NaN is a value of DuckDB's (a correlation of a column that does not vary)
            return a == e || (Double.isNaN(a) && Double.isNaN(e))
                    || Math.abs(a - e) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(e));
        }
        return Objects.equals(actual, expected);
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(ResultAssertions::sortKey));
        return copy;
    }

    /** A row's text with floating point values rounded, so near-equal doubles sort alike. */
    private static String sortKey(List<Object> row) {
        StringBuilder key = new StringBuilder();
        for (Object value : row) {
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                key.append(Double.isFinite(d) ? new BigDecimal(d).round(new java.math.MathContext(8)).toString() : d);
            } else {
                key.append(value);
            }
            key.append('\u0001');
        }
        return key.toString();
    }
}
