package io.gizmoedge.flight;

import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The SQL types Gizmo Edge (DuckDB) offers, as GetXdbcTypeInfo describes them. */
final class XdbcTypes {
    private XdbcTypes() {
    }

    /**
     * One type.
     *
     * @param name DuckDB's name
     * @param dataType its {@link Types} code
     * @param columnSize maximum precision or length, null when not applicable
     * @param literalPrefix what a literal starts with (null for none)
     * @param createParams parameters the type takes
     * @param caseSensitive whether comparisons are case-sensitive
     * @param unsigned whether it is an unsigned number (null for non-numbers)
     * @param maximumScale the largest scale (null when not applicable)
     * @param radix the radix of its precision (null for non-numbers)
     */
    private record XdbcType(String name, int dataType, Integer columnSize, String literalPrefix, List<String> createParams,
            boolean caseSensitive, Boolean unsigned, Integer maximumScale, Integer radix) {
        List<Object> row() {
            String suffix = literalPrefix == null ? null : "'";
            return Arrays.asList(name, dataType, columnSize, literalPrefix, suffix,
                    createParams.isEmpty() ? null : createParams, DatabaseMetaData.typeNullable, caseSensitive,
                    DatabaseMetaData.typeSearchable, unsigned, false, false, name, maximumScale == null ? null : 0,
                    maximumScale, dataType, null, radix, null);
        }
    }

    private static final List<XdbcType> TYPES = List.of(
            new XdbcType("BOOLEAN", Types.BOOLEAN, 1, null, List.of(), false, null, null, null),
            new XdbcType("TINYINT", Types.TINYINT, 3, null, List.of(), false, false, null, 10),
            new XdbcType("SMALLINT", Types.SMALLINT, 5, null, List.of(), false, false, null, 10),
            new XdbcType("INTEGER", Types.INTEGER, 10, null, List.of(), false, false, null, 10),
            new XdbcType("BIGINT", Types.BIGINT, 19, null, List.of(), false, false, null, 10),
            new XdbcType("FLOAT", Types.REAL, 7, null, List.of(), false, false, null, 2),
            new XdbcType("DOUBLE", Types.DOUBLE, 15, null, List.of(), false, false, null, 2),
            new XdbcType("DECIMAL", Types.DECIMAL, 38, null, List.of("precision", "scale"), false, false, 38, 10),
            new XdbcType("VARCHAR", Types.VARCHAR, null, "'", List.of(), true, null, null, null),
            new XdbcType("BLOB", Types.VARBINARY, null, "'", List.of(), false, null, null, null),
            new XdbcType("DATE", Types.DATE, 10, "DATE '", List.of(), false, null, null, null),
            new XdbcType("TIME", Types.TIME, 15, "TIME '", List.of(), false, null, null, null),
            new XdbcType("TIMESTAMP", Types.TIMESTAMP, 26, "TIMESTAMP '", List.of(), false, null, null, null),
            new XdbcType("TIMESTAMP WITH TIME ZONE", Types.TIMESTAMP_WITH_TIMEZONE, 32, "TIMESTAMPTZ '", List.of(), false,
                    null, null, null));

    /** The types, or only those of the {@link Types} code {@code dataType}. */
    static VectorSchemaRoot of(Optional<Integer> dataType, BufferAllocator allocator) {
        List<List<Object>> rows = new ArrayList<>();
        for (XdbcType type : TYPES) {
            if (dataType.isEmpty() || dataType.get() == type.dataType()) {
                rows.add(type.row());
            }
        }
        return MetadataRows.of(Schemas.GET_TYPE_INFO_SCHEMA, rows, allocator);
    }
}
