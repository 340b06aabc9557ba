package io.gizmoedge.engine;

import java.sql.SQLException;
import java.util.List;

/** Turns DuckDB's exception text into one line for the user. */
public final class DuckDbErrors {
    private DuckDbErrors() {
    }

    /**
     * The first line of DuckDB's message; for a CSV error, whose first line only names the line
     * of the file, also the line that says what was wrong with it.
     */
    public static String oneLine(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        List<String> lines = message.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "the database reported an error";
        }
        String first = lines.get(0);
        if (first.contains("CSV Error on Line") && lines.size() > 1) {
            return lines.stream().skip(1).filter(line -> !line.startsWith("Original Line")).findFirst()
                    .map(cause -> first + ": " + cause).orElse(first);
        }
        return first;
    }
}
