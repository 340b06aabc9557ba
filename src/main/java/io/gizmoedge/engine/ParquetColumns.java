package io.gizmoedge.engine;

import io.gizmoedge.catalog.ColumnDefinition;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a table's columns are stored in shard Parquet files and read back with their exact types.
 * Parquet has no HUGEINT, UHUGEINT or time-with-offset type (DuckDB writes the first two as DOUBLE,
 * which loses digits), so such columns, and nested columns holding them, are stored as their
 * text form; every column is cast back to the table's type when read (ENUM, fixed-size ARRAY and
 * TIMESTAMP_S/_MS come back as VARCHAR, LIST and TIMESTAMP without it).
 */
public final class ParquetColumns {
    private ParquetColumns() {
    }

    /** True when values of {@code type} must be stored as text to come back exactly. */
    static boolean storedAsText(String type) {
        String upper = type.toUpperCase(Locale.ROOT);
        return upper.contains("HUGEINT") || upper.contains("TIME WITH TIME ZONE");
    }

    /** The select list that writes {@code columns} to Parquet. */
    public static String writeList(List<ColumnDefinition> columns) {
        return columns.stream().map(c -> storedAsText(c.type())
                ? "CAST(" + SqlNames.quote(c.name()) + " AS VARCHAR) AS " + SqlNames.quote(c.name())
                : SqlNames.quote(c.name())).collect(Collectors.joining(", "));
    }

    /** The select list that reads {@code columns} from a Parquet scan (or any relation with the same names) with their types. */
    public static String readList(List<ColumnDefinition> columns) {
        return columns.stream().map(c -> "CAST(" + SqlNames.quote(c.name()) + " AS " + c.type() + ") AS "
                + SqlNames.quote(c.name())).collect(Collectors.joining(", "));
    }

    /** A DuckDB list literal of file paths for {@code read_parquet}. */
    public static String pathList(List<java.nio.file.Path> files) {
        return files.stream().map(p -> SqlNames.literal(p.toAbsolutePath().toString()))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
