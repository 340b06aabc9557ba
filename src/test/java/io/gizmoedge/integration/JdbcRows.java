package io.gizmoedge.integration;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Rows of a JDBC result in a comparable form: decimals as BigDecimal, floating point as Double, the rest as text. */
final class JdbcRows {
    private static final double RELATIVE_TOLERANCE = 1e-9;

    private JdbcRows() {
    }

    static List<List<Object>> read(ResultSet rows) throws SQLException {
        ResultSetMetaData metadata = rows.getMetaData();
        List<List<Object>> result = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (int column = 1; column <= metadata.getColumnCount(); column++) {
            header.add(metadata.getColumnLabel(column));
        }
        result.add(new ArrayList<>(header));
        while (rows.next()) {
            List<Object> values = new ArrayList<>();
            for (int column = 1; column <= metadata.getColumnCount(); column++) {
                Object value = rows.getObject(column);
                if (value == null || value instanceof BigDecimal || value instanceof Double) {
                    values.add(value);
                } else if (value instanceof Float f) {
                    values.add(f.doubleValue());
                } else if (value instanceof java.math.BigInteger n) {
                    values.add(new BigDecimal(n)); // HUGEINT in DuckDB's driver, DECIMAL(38,0) in Arrow's
                } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    values.add(BigDecimal.valueOf(((Number) value).longValue()));
                } else {
                    values.add(rows.getString(column));
                }
            }
            result.add(values);
        }
        return result;
    }

    /** Empty when equal (the first row is the header and is compared as is); otherwise the first difference. */
    static Optional<String> difference(List<List<Object>> expected, List<List<Object>> actual, boolean ordered) {
        if (!expected.get(0).equals(actual.get(0))) {
            return Optional.of("columns differ: expected " + expected.get(0) + ", got " + actual.get(0));
        }
        List<List<Object>> left = new ArrayList<>(expected.subList(1, expected.size()));
        List<List<Object>> right = new ArrayList<>(actual.subList(1, actual.size()));
        if (left.size() != right.size()) {
            return Optional.of("row counts differ: expected " + left.size() + ", got " + right.size());
        }
        if (!ordered) {
            Comparator<List<Object>> order = Comparator.comparing(JdbcRows::sortKey);
            left.sort(order);
            right.sort(order);
        }
        for (int i = 0; i < left.size(); i++) {
            for (int column = 0; column < left.get(i).size(); column++) {
                if (!same(left.get(i).get(column), right.get(i).get(column))) {
                    return Optional.of("row " + (i + 1) + " differs: expected " + left.get(i) + ", got " + right.get(i));
                }
            }
        }
        return Optional.empty();
    }

    private static String sortKey(List<Object> row) {
        StringBuilder key = new StringBuilder();
        for (Object value : row) {
            key.append(value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(value)).append('|');
        }
        return key.toString();
    }

    private static boolean same(Object expected, Object actual) {
        if (expected instanceof Double e && actual instanceof Double a) {
            return Math.abs(e - a) <= RELATIVE_TOLERANCE * Math.max(1.0, Math.max(Math.abs(e), Math.abs(a)));
        }
        if (expected instanceof BigDecimal e && actual instanceof BigDecimal a) {
            return e.compareTo(a) == 0;
        }
        return Objects.equals(expected, actual);
    }
}
