package io.gizmoedge.flight;

import io.gizmoedge.engine.SqlNames;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Binds the parameters of a prepared statement by writing each value as a SQL literal in place of
 * its {@code ?}: text is quoted ({@link SqlNames#literal}), numbers, dates and times are written in
 * forms DuckDB reads exactly, so no value can change the statement's structure. The statement with
 * its literals then goes through the planner like any other.
 */
final class ParameterBinding {
    private ParameterBinding() {
    }

    /** The number of {@code ?} placeholders in {@code sql} (outside strings, quoted names and comments). */
    static int count(String sql) {
        return positions(sql).size();
    }

    /** {@code sql} with its placeholders replaced, in order, by {@code literals}. */
    static String substitute(String sql, List<String> literals) throws StatementFailedException {
        List<Integer> positions = positions(sql);
        if (positions.size() != literals.size()) {
            throw new StatementFailedException("the statement has " + positions.size() + " parameters but "
                    + literals.size() + " values were bound");
        }
        StringBuilder bound = new StringBuilder(sql.length() + 16 * literals.size());
        int from = 0;
        for (int i = 0; i < positions.size(); i++) {
            bound.append(sql, from, positions.get(i)).append(literals.get(i));
            from = positions.get(i) + 1;
        }
        return bound.append(sql.substring(from)).toString();
    }

    /** The values of row {@code row} of {@code parameters} as SQL literals, in column order. */
    static List<String> literals(VectorSchemaRoot parameters, int row) throws StatementFailedException {
        List<String> literals = new ArrayList<>();
        for (FieldVector vector : parameters.getFieldVectors()) {
            literals.add(literal(vector, row));
        }
        return literals;
    }

    private static String literal(FieldVector vector, int row) throws StatementFailedException {
        if (vector.isNull(row)) {
            return "NULL";
        }
        if (vector instanceof DateDayVector days) {
            return "DATE " + SqlNames.literal(LocalDate.ofEpochDay(days.get(row)).toString());
        }
        Object value = vector.getObject(row);
        if (vector instanceof TimeStampVector && value instanceof Long raw) { // a zoned timestamp: a count since the epoch
            ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
            Instant instant = switch (type.getUnit()) {
                case SECOND -> Instant.ofEpochSecond(raw);
                case MILLISECOND -> Instant.ofEpochMilli(raw);
                case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(raw, 1_000_000L), Math.floorMod(raw, 1_000_000L) * 1_000L);
                case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(raw, 1_000_000_000L), Math.floorMod(raw, 1_000_000_000L));
            };
            return "TIMESTAMPTZ " + SqlNames.literal(instant.atOffset(ZoneOffset.UTC).toString());
        }
        if (value instanceof Boolean flag) {
            return flag ? "TRUE" : "FALSE";
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Float || value instanceof Double) {
            double number = ((Number) value).doubleValue();
            return Double.isFinite(number) ? "CAST(" + SqlNames.literal(Double.toString(number)) + " AS DOUBLE)"
                    : "CAST(" + SqlNames.literal(Double.isNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity")
                            + " AS DOUBLE)";
        }
        if (value instanceof LocalDateTime timestamp) {
            return "TIMESTAMP " + SqlNames.literal(timestamp.toString().replace('T', ' '));
        }
        if (value instanceof LocalTime time) {
            return "TIME " + SqlNames.literal(time.toString());
        }
        if (value instanceof byte[] bytes) {
            StringBuilder blob = new StringBuilder();
            for (byte b : bytes) {
                blob.append("\\x").append(HexFormat.of().toHexDigits(b));
            }
            return "CAST(" + SqlNames.literal(blob.toString()) + " AS BLOB)";
        }
        if (value instanceof CharSequence || value instanceof org.apache.arrow.vector.util.Text) {
            return SqlNames.literal(value.toString());
        }
        throw new StatementFailedException("parameters of Arrow type " + vector.getField().getType()
                + " are not supported; bind text, numbers, booleans, dates, times or timestamps");
    }

    /** Offsets of the placeholders of {@code sql}. */
    private static List<Integer> positions(String sql) {
        List<Integer> positions = new ArrayList<>();
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            } else {
                if (c == '?') {
                    positions.add(i);
                }
                i++;
            }
        }
        return positions;
    }

    /** The offset just after the quoted text starting at {@code start} (a doubled quote continues it). */
    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }
}
