package io.gizmoedge.flight;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The catalog as Flight SQL metadata: no catalogs (tables have no catalog name), one schema
 * {@value #SCHEMA} holding every table, and a table type per placement.
 */
final class CatalogMetadata {
    static final String SCHEMA = "main";

    private CatalogMetadata() {
    }

    static VectorSchemaRoot catalogs(BufferAllocator allocator) {
        return MetadataRows.of(Schemas.GET_CATALOGS_SCHEMA, List.of(), allocator);
    }

    static VectorSchemaRoot schemas(CommandGetDbSchemas command, BufferAllocator allocator) {
        boolean matches = (!command.hasCatalog() || command.getCatalog().isEmpty())
                && (!command.hasDbSchemaFilterPattern() || like(command.getDbSchemaFilterPattern()).matcher(SCHEMA).matches());
        List<List<Object>> rows = matches ? List.of(Arrays.asList(null, SCHEMA)) : List.of();
        return MetadataRows.of(Schemas.GET_SCHEMAS_SCHEMA, rows, allocator);
    }

    static VectorSchemaRoot tableTypes(BufferAllocator allocator) {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogTable.Placement placement : CatalogTable.Placement.values()) {
            rows.add(List.of(placement.tableType()));
        }
        return MetadataRows.of(Schemas.GET_TABLE_TYPES_SCHEMA, rows, allocator);
    }

    static VectorSchemaRoot tables(CommandGetTables command, List<CatalogTable> tables, BufferAllocator allocator) {
        boolean withSchema = command.getIncludeSchema();
        Optional<Pattern> schemaPattern = command.hasDbSchemaFilterPattern()
                ? Optional.of(like(command.getDbSchemaFilterPattern())) : Optional.empty();
        Optional<Pattern> tablePattern = command.hasTableNameFilterPattern()
                ? Optional.of(like(command.getTableNameFilterPattern())) : Optional.empty();
        List<String> types = command.getTableTypesList();
        boolean catalogMatches = !command.hasCatalog() || command.getCatalog().isEmpty();
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogTable table : tables) {
            if (!catalogMatches
                    || schemaPattern.isPresent() && !schemaPattern.get().matcher(SCHEMA).matches()
                    || tablePattern.isPresent() && !tablePattern.get().matcher(table.name()).matches()
                    || !types.isEmpty() && !types.contains(table.placement().tableType())) {
                continue;
            }
            List<Object> row = new ArrayList<>(Arrays.asList(null, SCHEMA, table.name(), table.placement().tableType()));
            if (withSchema) {
                row.add(serialize(table.schema()));
            }
            rows.add(row);
        }
        return MetadataRows.of(withSchema ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA, rows, allocator);
    }

    /** An empty answer of {@code schema} (keys: Gizmo Edge tables declare none). */
    static VectorSchemaRoot empty(Schema schema, BufferAllocator allocator) {
        return MetadataRows.of(schema, List.of(), allocator);
    }

    /** A SQL LIKE pattern ({@code %}, {@code _}, {@code \} escapes) as a regular expression. */
    static Pattern like(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** {@code schema} as an Arrow IPC schema message, as GetTables carries it. */
    static byte[] serialize(Schema schema) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            MessageSerializer.serialize(new WriteChannel(Channels.newChannel(bytes)), schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return bytes.toByteArray();
    }
}
