package io.gizmoedge.loading;

import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.ParquetColumns;
import io.gizmoedge.engine.SqlNames;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * The rows a data statement loads: the answer of a query on some DuckDB connection (the import
 * database for files, the server's tables for a query over tables), streamed into the staging
 * database as Arrow batches and cast to the types DuckDB describes for the query.
 */
public record RowSource(DuckDBConnection connection, String query) {
    private static final int BATCH_ROWS = 64 * 1024;

    /** The columns the query gives, as DuckDB describes them. */
    List<ColumnDefinition> describe() throws LoadException {
        List<ColumnDefinition> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("DESCRIBE SELECT * FROM (" + query + ")")) {
            while (rows.next()) {
                columns.add(new ColumnDefinition(rows.getString("column_name"), rows.getString("column_type")));
            }
        } catch (SQLException e) {
            throw new LoadException(DuckDbErrors.oneLine(e), e);
        }
        return columns;
    }

    /** Creates {@code table} in {@code staging} with the query's rows and the given column types. */
    void copyInto(DuckDBConnection staging, String table, List<ColumnDefinition> columns, BufferAllocator allocator)
            throws LoadException {
        String stream = table + "_stream";
        try (BufferAllocator sourceAllocator = allocator.newChildAllocator("source-" + table, 0, Long.MAX_VALUE);
                Statement statement = connection.createStatement();
                DuckDBResultSet rows = (DuckDBResultSet) statement.executeQuery(query);
                ArrowArrayStream arrowStream = ArrowArrayStream.allocateNew(sourceAllocator)) {
            ArrowReader reader = (ArrowReader) rows.arrowExportStream(sourceAllocator, BATCH_ROWS);
            Data.exportArrayStream(sourceAllocator, reader, arrowStream);
            staging.registerArrowStream(stream, arrowStream);
            try (Statement create = staging.createStatement()) {
                create.execute("CREATE TABLE " + SqlNames.quote(table) + " AS SELECT " + ParquetColumns.readList(columns)
                        + " FROM " + SqlNames.quote(stream));
            }
        } catch (SQLException e) {
            throw new LoadException(DuckDbErrors.oneLine(e), e);
        }
    }
}
