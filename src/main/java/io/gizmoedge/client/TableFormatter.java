package io.gizmoedge.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Aligned columns like psql: a header, a separator, one line per row. Numbers (and their headers) are right-aligned,
 * NULL is shown as {@code NULL}, long values are never wrapped, and line breaks and tabs inside values
 * are shown as {@code \n}, {@code \r} and {@code \t} so that each row stays on one line.
 */
public final class TableFormatter implements ResultFormatter {
    static final String NULL_TEXT = "NULL";

    private final ArrowValueFormatter values;

    public TableFormatter(ArrowValueFormatter values) {
        this.values = values;
    }

    @Override
    public long write(QueryResult result, long maxRows, PrintWriter out) {
        List<Field> fields = result.schema().getFields();
        if (fields.isEmpty()) {
            return 0;
        }
        int columns = fields.size();
        List<String[]> rows = new ArrayList<>();
        long written = ResultRows.forEach(result, maxRows, (batch, row) -> {
            String[] cells = new String[columns];
            for (int column = 0; column < columns; column++) {
                String text = values.format(ResultRows.column(batch, column), row);
                cells[column] = text == null ? NULL_TEXT : oneLine(text);
            }
            rows.add(cells);
        });
        int[] widths = new int[columns];
        boolean[] rightAligned = new boolean[columns];
        String[] header = new String[columns];
        for (int column = 0; column < columns; column++) {
            header[column] = oneLine(fields.get(column).getName());
            widths[column] = width(header[column]);
            rightAligned[column] = values.isNumeric(fields.get(column));
        }
        for (String[] cells : rows) {
            for (int column = 0; column < columns; column++) {
                widths[column] = Math.max(widths[column], width(cells[column]));
            }
        }
        out.println(line(header, widths, rightAligned));
        out.println(separator(widths));
        for (String[] cells : rows) {
            out.println(line(cells, widths, rightAligned));
        }
        out.flush();
        return written;
    }

    private static String line(String[] cells, int[] widths, boolean[] rightAligned) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.length; column++) {
            line.append(column == 0 ? " " : " | ");
            String padding = " ".repeat(widths[column] - width(cells[column]));
            if (rightAligned[column]) {
                line.append(padding).append(cells[column]);
            } else {
                line.append(cells[column]);
                if (column < cells.length - 1) {
                    line.append(padding);
                }
            }
        }
        return line.toString();
    }

    private static String separator(int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < widths.length; column++) {
            if (column > 0) {
                line.append('+');
            }
            line.append("-".repeat(widths[column] + 2));
        }
        return line.toString();
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
