package io.gizmoedge.engine;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Loads a small Arrow table into a temporary DuckDB table row by row with DuckDB's appender. For
 * a few hundred rows that takes about half the time of handing DuckDB an Arrow stream to copy
 * (whose scan calls back into the JVM); for many rows the stream is faster. Only column types
 * whose DuckDB type is the one DuckDB's own Arrow import gives are loaded this way, so both
 * paths create the same table.
 */
final class AppenderTableLoader {
    /** Inputs up to this size (Arrow IPC bytes) are appended; larger ones are streamed. */
    static final long MAX_BYTES = 64 * 1024;

    private AppenderTableLoader() {
    }

    /** The DuckDB column types of {@code schema}, or empty when some column is not appended here. */
    static Optional<List<String>> duckDbTypes(Schema schema) {
        Set<String> names = new HashSet<>();
        List<String> types = new ArrayList<>();
        for (Field field : schema.getFields()) {
            if (!names.add(field.getName().toLowerCase(Locale.ROOT))) {
                return Optional.empty();
            }
            Optional<String> type = duckDbType(field.getType());
            if (type.isEmpty()) {
                return Optional.empty();
            }
            types.add(type.get());
        }
        return Optional.of(types);
    }

    private static Optional<String> duckDbType(ArrowType type) {
        if (type instanceof ArrowType.Int integer && integer.getIsSigned()) {
            return switch (integer.getBitWidth()) {
                case 8 -> Optional.of("TINYINT");
                case 16 -> Optional.of("SMALLINT");
                case 32 -> Optional.of("INTEGER");
                case 64 -> Optional.of("BIGINT");
                default -> Optional.empty();
            };
        }
        if (type instanceof ArrowType.FloatingPoint floating) {
            return floating.getPrecision() == FloatingPointPrecision.DOUBLE ? Optional.of("DOUBLE")
                    : floating.getPrecision() == FloatingPointPrecision.SINGLE ? Optional.of("FLOAT") : Optional.empty();
        }
        if (type instanceof ArrowType.Decimal decimal && decimal.getBitWidth() == 128 && decimal.getPrecision() <= 38) {
            return Optional.of("DECIMAL(" + decimal.getPrecision() + "," + decimal.getScale() + ")");
        }
        if (type instanceof ArrowType.Utf8) {
            return Optional.of("VARCHAR");
        }
        if (type instanceof ArrowType.Bool) {
            return Optional.of("BOOLEAN");
        }
        if (type instanceof ArrowType.Date date && date.getUnit() == DateUnit.DAY) {
            return Optional.of("DATE");
        }
        return Optional.empty();
    }

    /**
     * Creates temporary table {@code name} with {@code types} (from {@link #duckDbTypes}) on
     * {@code connection} and appends every row of {@code payloads}.
     */
    static void load(DuckDBConnection connection, BufferAllocator allocator, String name, Schema schema,
            List<String> types, List<byte[]> payloads) throws SQLException, IOException {
        StringJoiner columns = new StringJoiner(", ", "CREATE TEMPORARY TABLE " + DuckDbQueryRunner.quote(name) + " (", ")");
        for (int i = 0; i < types.size(); i++) {
            columns.add(DuckDbQueryRunner.quote(schema.getFields().get(i).getName()) + " " + types.get(i));
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(columns.toString());
        }
        try (DuckDBAppender appender = connection.createAppender("temp", "main", name);
                ArrowReader reader = new ConcatenatedArrowReader(allocator, schema, payloads)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                for (int row = 0; row < root.getRowCount(); row++) {
                    appender.beginRow();
                    for (FieldVector vector : root.getFieldVectors()) {
                        append(appender, vector, row);
                    }
                    appender.endRow();
                }
            }
        }
    }

    private static void append(DuckDBAppender appender, FieldVector vector, int row) throws SQLException {
        if (vector.isNull(row)) {
            appender.appendNull();
        } else if (vector instanceof BigIntVector v) {
            appender.append(v.get(row));
        } else if (vector instanceof IntVector v) {
            appender.append(v.get(row));
        } else if (vector instanceof SmallIntVector v) {
            appender.append(v.get(row));
        } else if (vector instanceof TinyIntVector v) {
            appender.append(v.get(row));
        } else if (vector instanceof Float8Vector v) {
            appender.append(v.get(row));
        } else if (vector instanceof Float4Vector v) {
            appender.append(v.get(row));
        } else if (vector instanceof DecimalVector v) {
            appender.append(v.getObject(row));
        } else if (vector instanceof VarCharVector v) {
            appender.append(v.getObject(row).toString());
        } else if (vector instanceof BitVector v) {
            appender.append(v.get(row) == 1);
        } else if (vector instanceof DateDayVector v) {
            appender.appendEpochDays(v.get(row));
        } else {
            throw new IllegalStateException("no appender for " + vector.getField());
        }
    }
}
