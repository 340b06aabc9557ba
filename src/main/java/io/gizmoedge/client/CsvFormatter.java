package io.gizmoedge.client;

import java.io.PrintWriter;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, quote, CR or LF,
 * quotes doubled. NULL is an empty field; an empty string is {@code ""} so the two stay apart.
 */
public final class CsvFormatter implements ResultFormatter {
    private static final String LINE_END = "\r\n";

    private final ArrowValueFormatter values;

    public CsvFormatter(ArrowValueFormatter values) {
        this.values = values;
    }

    @Override
    public long write(QueryResult result, long maxRows, PrintWriter out) {
        List<Field> fields = result.schema().getFields();
        if (fields.isEmpty()) {
            return 0;
        }
        StringBuilder header = new StringBuilder();
        for (int column = 0; column < fields.size(); column++) {
            appendField(header, column, fields.get(column).getName());
        }
        out.print(header.append(LINE_END));
        long written = ResultRows.forEach(result, maxRows, (batch, row) -> {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < fields.size(); column++) {
                appendField(line, column, values.format(ResultRows.column(batch, column), row));
            }
            out.print(line.append(LINE_END));
        });
        out.flush();
        return written;
    }

    private static void appendField(StringBuilder line, int column, String value) {
        if (column > 0) {
            line.append(',');
        }
        if (value != null) {
            line.append(quote(value));
        }
    }

    /** The value as one CSV field: quoted when needed or empty, with quotes doubled. */
    static String quote(String value) {
        boolean needsQuotes = value.isEmpty() || value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
