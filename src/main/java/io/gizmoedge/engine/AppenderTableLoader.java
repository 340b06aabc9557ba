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

    /** Appends the non-null value at {@code row} of a vector. */
    @FunctionalInterface
    private interface ValueAppender {
        void append(DuckDBAppender appender, FieldVector vector, int row) throws SQLException;
    }

    /** How one column is created and filled: its DuckDB type and the appender call for its values. */
    private record Column(String name, String duckDbType, ValueAppender values) {
    }

    private final List<Column> columns;

    private AppenderTableLoader(List<Column> columns) {
        this.columns = columns;
    }

    /** A loader for tables of {@code schema}, or empty when some column is not appended here. */
    static Optional<AppenderTableLoader> forSchema(Schema schema) {
        Set<String> names = new HashSet<>();
        List<Column> columns = new ArrayList<>();
        for (Field field : schema.getFields()) {
            if (!names.add(field.getName().toLowerCase(Locale.ROOT))) {
                return Optional.empty();
            }
            Optional<Column> column = column(field);
            if (column.isEmpty()) {
                return Optional.empty();
            }
            columns.add(column.get());
        }
        return Optional.of(new AppenderTableLoader(List.copyOf(columns)));
    }

    private static Optional<Column> column(Field field) {
        String name = field.getName();
        ArrowType type = field.getType();
        if (type instanceof ArrowType.Int integer && integer.getIsSigned()) {
            return switch (integer.getBitWidth()) {
                case 8 -> Optional.of(new Column(name, "TINYINT", (a, v, row) -> a.append(((TinyIntVector) v).get(row))));
                case 16 -> Optional.of(new Column(name, "SMALLINT", (a, v, row) -> a.append(((SmallIntVector) v).get(row))));
                case 32 -> Optional.of(new Column(name, "INTEGER", (a, v, row) -> a.append(((IntVector) v).get(row))));
                case 64 -> Optional.of(new Column(name, "BIGINT", (a, v, row) -> a.append(((BigIntVector) v).get(row))));
                default -> Optional.empty();
            };
        }
        if (type instanceof ArrowType.FloatingPoint floating) {
            return switch (floating.getPrecision()) {
                case DOUBLE -> Optional.of(new Column(name, "DOUBLE", (a, v, row) -> a.append(((Float8Vector) v).get(row))));
                case SINGLE -> Optional.of(new Column(name, "FLOAT", (a, v, row) -> a.append(((Float4Vector) v).get(row))));
                default -> Optional.empty();
            };
        }
        if (type instanceof ArrowType.Decimal decimal && decimal.getBitWidth() == 128 && decimal.getPrecision() <= 38) {
            return Optional.of(new Column(name, "DECIMAL(" + decimal.getPrecision() + "," + decimal.getScale() + ")",
                    (a, v, row) -> a.append(((DecimalVector) v).getObject(row))));
        }
        if (type instanceof ArrowType.Utf8) {
            return Optional.of(new Column(name, "VARCHAR",
                    (a, v, row) -> a.append(((VarCharVector) v).getObject(row).toString())));
        }
        if (type instanceof ArrowType.Bool) {
            return Optional.of(new Column(name, "BOOLEAN", (a, v, row) -> a.append(((BitVector) v).get(row) == 1)));
        }
        if (type instanceof ArrowType.Date date && date.getUnit() == DateUnit.DAY) {
            return Optional.of(new Column(name, "DATE", (a, v, row) -> a.appendEpochDays(((DateDayVector) v).get(row))));
        }
        return Optional.empty();
    }

    /** Creates temporary table {@code name} on {@code connection} and appends every row of {@code payloads}. */
    void load(DuckDBConnection connection, BufferAllocator allocator, String name, Schema schema, List<byte[]> payloads)
            throws SQLException, IOException {
        StringJoiner definition = new StringJoiner(", ", "CREATE TEMPORARY TABLE " + SqlNames.quote(name) + " (", ")");
        for (Column column : columns) {
            definition.add(SqlNames.quote(column.name()) + " " + column.duckDbType());
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(definition.toString());
        }
        try (DuckDBAppender appender = connection.createAppender("temp", "main", name);
                ArrowReader reader = new ConcatenatedArrowReader(allocator, schema, payloads)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<FieldVector> vectors = root.getFieldVectors();
            while (reader.loadNextBatch()) {
                for (int row = 0; row < root.getRowCount(); row++) {
                    appender.beginRow();
                    for (int i = 0; i < vectors.size(); i++) {
                        FieldVector vector = vectors.get(i);
                        if (vector.isNull(row)) {
                            appender.appendNull();
                        } else {
                            columns.get(i).values().append(appender, vector, row);
                        }
                    }
                    appender.endRow();
                }
            }
        }
    }
}
