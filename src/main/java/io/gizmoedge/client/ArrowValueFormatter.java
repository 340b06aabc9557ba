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
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Turns one Arrow cell into a value for display: text for tables and CSV, and a JSON-ready Java value.
 * DECIMAL stays an exact {@link BigDecimal} in plain notation, DATE is {@code yyyy-MM-dd}, TIMESTAMP is
 * ISO-8601 (with the offset when the column has a time zone), doubles use their shortest round-trip digits.
 */
public final class ArrowValueFormatter {
    private static final HexFormat HEX = HexFormat.of();

    /** The cell as text, or null for SQL NULL. */
    public String format(FieldVector vector, int row) {
        Object value = value(vector, row);
        if (value == null) {
            return null;
        }
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
        Object object = vector.getObject(row);
        if (object instanceof byte[] bytes) {
            return "\\x" + HEX.formatHex(bytes);
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
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            zoneId = ZoneOffset.UTC;
        }
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zoneId));
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
