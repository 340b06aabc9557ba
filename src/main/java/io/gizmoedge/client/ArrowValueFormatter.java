package io.gizmoedge.client;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.PeriodDuration;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Turns one Arrow cell into a value for display: text for tables and CSV, and a JSON-ready Java value.
 * Text looks as DuckDB's shell prints it: DECIMAL is exact in plain notation, DATE {@code yyyy-MM-dd},
 * TIMESTAMP {@code yyyy-MM-dd HH:mm:ss[.fraction]} (with the offset, {@code +00}, when the column has
 * a time zone), INTERVAL {@code 1 year 2 months 3 days 04:05:06}, BLOB with {@code \xHH} for
 * bytes that are not printable ASCII, lists {@code [1, NULL]}, structs {@code {'a': 1}}, maps
 * {@code {k=1}}; doubles use their shortest round-trip digits. JSON gets nested values as JSON.
 */
public final class ArrowValueFormatter {
    private static final HexFormat HEX = HexFormat.of();
    private static final DateTimeFormatter LOCAL_TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).toFormatter(java.util.Locale.ROOT);
    private static final DateTimeFormatter ZONED_TIMESTAMP = new DateTimeFormatterBuilder()
            .append(LOCAL_TIMESTAMP).appendOffset("+HH:mm", "+00").toFormatter(java.util.Locale.ROOT);

    /** The cell as text, or null for SQL NULL. */
    public String format(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof MapVector map) {
            return nested(map, row, "{", "}", (entries, i) -> {
                StructVector entry = (StructVector) entries;
                return textOrNull((FieldVector) entry.getChildByOrdinal(0), i) + "=" + textOrNull((FieldVector) entry.getChildByOrdinal(1), i);
            });
        }
        if (vector instanceof ListVector list) {
            return nested(list, row, "[", "]", this::textOrNull);
        }
        if (vector instanceof StructVector struct) {
            List<String> fields = new ArrayList<>();
            for (FieldVector child : struct.getChildrenFromFields()) {
                fields.add("'" + child.getName() + "': " + textOrNull(child, row));
            }
            return String.join(", ", fields).transform(inner -> "{" + inner + "}");
        }
        Object value = value(vector, row);
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Double d) {
            return NumberOutput.toString(d, true);
        }
        if (value instanceof Float f) {
            return NumberOutput.toString(f, true);
        }
        return value.toString();
    }

    /**
     * The cell as a value Jackson writes faithfully: Boolean, Long, BigInteger, BigDecimal, Double or
     * Float for numbers (non-finite doubles become strings), String for everything else; null for NULL.
     */
    public Object jsonValue(FieldVector vector, int row) {
        Object value = value(vector, row);
        if (value == null || value instanceof Boolean || value instanceof BigDecimal
                || value instanceof java.math.BigInteger || value instanceof Long) {
            return value;
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? d : d.toString();
        }
        if (value instanceof Float f) {
            return Float.isFinite(f) ? f : f.toString();
        }
        return value.toString();
    }

    private interface Element {
        String text(FieldVector elements, int index);
    }

    private static String nested(ListVector list, int row, String open, String close, Element element) {
        FieldVector elements = list.getDataVector();
        int start = list.getElementStartIndex(row);
        int end = list.getElementEndIndex(row);
        List<String> parts = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
            parts.add(element.text(elements, i));
        }
        return open + String.join(", ", parts) + close;
    }

    private String textOrNull(FieldVector vector, int row) {
        return vector.isNull(row) ? "NULL" : format(vector, row);
    }

    /** Whether values of {@code field} are numbers (right-aligned in tables). */
    public boolean isNumeric(Field field) {
        ArrowType type = field.getType();
        return type instanceof ArrowType.Int || type instanceof ArrowType.FloatingPoint
                || type instanceof ArrowType.Decimal;
    }

    /**
     * The cell's value: null, Boolean, Long, BigInteger, BigDecimal, Double, Float, or an object whose
     * {@code toString()} is the display text.
     */
    private Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        ArrowType type = vector.getField().getType();
        if (vector instanceof BitVector bits) {
            return bits.get(row) != 0;
        }
        if (type instanceof ArrowType.Int) {
            return integer(vector, row);
        }
        if (type instanceof ArrowType.Date) {
            return date(vector, row);
        }
        if (type instanceof ArrowType.Timestamp timestamp) {
            return timestamp((TimeStampVector) vector, row, timestamp);
        }
        if (type instanceof ArrowType.Time) {
            return time(vector, row);
        }
        if (type instanceof ArrowType.Interval && vector.getObject(row) instanceof PeriodDuration interval) {
            return interval(interval);
        }
        Object object = vector.getObject(row);
        if (object instanceof byte[] bytes) {
            if (bytes.length == 16 && "arrow.uuid".equals(vector.getField().getMetadata().get("ARROW:extension:name"))) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                return new java.util.UUID(buffer.getLong(), buffer.getLong());
            }
            return type instanceof ArrowType.FixedSizeBinary ? "\\x" + HEX.formatHex(bytes) : blob(bytes);
        }
        if (object instanceof Short half && type instanceof ArrowType.FloatingPoint) {
            return (double) org.apache.arrow.memory.util.Float16.toFloat(half);
        }
        return object;
    }

    private static Object integer(FieldVector vector, int row) {
        if (vector instanceof UInt8Vector u8) {
            return u8.getObjectNoOverflow(row);
        }
        if (vector instanceof UInt4Vector u4) {
            return u4.getObjectNoOverflow(row);
        }
        if (vector instanceof UInt2Vector u2) {
            return (long) u2.get(row);
        }
        if (vector instanceof UInt1Vector u1) {
            return (long) u1.getObjectNoOverflow(row);
        }
        return ((Number) vector.getObject(row)).longValue();
    }

    private static LocalDate date(FieldVector vector, int row) {
        if (vector instanceof DateDayVector days) {
            return LocalDate.ofEpochDay(days.get(row));
        }
        long millis = ((DateMilliVector) vector).get(row);
        return LocalDate.ofEpochDay(Math.floorDiv(millis, TimeUnit.DAYS.toMillis(1)));
    }

    private static String timestamp(TimeStampVector vector, int row, ArrowType.Timestamp type) {
        long raw = vector.get(row);
        Instant instant = switch (type.getUnit()) {
            case SECOND -> Instant.ofEpochSecond(raw);
            case MILLISECOND -> Instant.ofEpochMilli(raw);
            case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(raw, 1_000_000L),
                    Math.floorMod(raw, 1_000_000L) * 1_000L);
            case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(raw, 1_000_000_000L),
                    Math.floorMod(raw, 1_000_000_000L));
        };
        String zone = type.getTimezone();
        if (zone == null || zone.isEmpty()) {
            return LOCAL_TIMESTAMP.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            zoneId = ZoneOffset.UTC;
        }
        return ZONED_TIMESTAMP.format(instant.atZone(zoneId));
    }

    /** DuckDB's form: {@code 1 year 2 months -3 days 04:05:06.5}; a zero interval is {@code 00:00:00}. */
    private static String interval(PeriodDuration interval) {
        java.time.Period period = interval.getPeriod();
        long months = period.toTotalMonths();
        List<String> parts = new ArrayList<>();
        if (months / 12 != 0) {
            parts.add(unit(months / 12, "year"));
        }
        if (months % 12 != 0) {
            parts.add(unit(months % 12, "month"));
        }
        if (period.getDays() != 0) {
            parts.add(unit(period.getDays(), "day"));
        }
        java.time.Duration duration = interval.getDuration();
        if (!duration.isZero() || parts.isEmpty()) {
            java.time.Duration magnitude = duration.abs();
            String time = String.format(java.util.Locale.ROOT, "%s%02d:%02d:%02d", duration.isNegative() ? "-" : "",
                    magnitude.toHours(), magnitude.toMinutesPart(), magnitude.toSecondsPart());
            if (magnitude.toNanosPart() != 0) {
                time += "." + String.format(java.util.Locale.ROOT, "%09d", magnitude.toNanosPart()).replaceAll("0+$", "");
            }
            parts.add(time);
        }
        return String.join(" ", parts);
    }

    private static String unit(long count, String name) {
        return count + " " + name + (Math.abs(count) == 1 ? "" : "s");
    }

    /** DuckDB's form: printable ASCII as is, every other byte (and the backslash) as {@code \xHH}. */
    private static String blob(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                text.append((char) b);
            } else {
                text.append("\\x").append(HEX.withUpperCase().toHexDigits(b));
            }
        }
        return text.toString();
    }

    private static String time(FieldVector vector, int row) {
        long nanos;
        if (vector instanceof TimeSecVector seconds) {
            nanos = TimeUnit.SECONDS.toNanos(seconds.get(row));
        } else if (vector instanceof TimeMilliVector millis) {
            nanos = TimeUnit.MILLISECONDS.toNanos(millis.get(row));
        } else if (vector instanceof TimeMicroVector micros) {
            nanos = TimeUnit.MICROSECONDS.toNanos(micros.get(row));
        } else {
            nanos = ((TimeNanoVector) vector).get(row);
        }
        return DateTimeFormatter.ISO_LOCAL_TIME.format(LocalTime.ofNanoOfDay(nanos));
    }
}
