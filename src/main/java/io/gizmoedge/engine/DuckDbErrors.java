package io.gizmoedge.engine;

import java.sql.SQLException;
import java.util.List;

/**
 * Turns DuckDB's exception text into one line for the user: every DuckDB error that reaches a client
 * passes here, so this is where the node's own directories are hidden ({@link PrivatePaths}).
 */
public final class DuckDbErrors {
    private static final String OUT_OF_MEMORY = "Out of Memory Error";

    private DuckDbErrors() {
    }

    /**
     * The first line of DuckDB's message; for a CSV error, whose first line only names the line
     * of the file, also the line that says what was wrong with it; for running out of memory, which
     * limit was reached. Directories of this node are replaced by placeholders.
     */
    public static String oneLine(SQLException e) {
        return PrivatePaths.redact(firstLine(e));
    }

    private static String firstLine(SQLException e) {
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
        if (first.startsWith(OUT_OF_MEMORY)) {
            return first + "; the statement needs more memory than DuckDB may use on this node (its --duckdb-memory-limit)";
        }
        return first;
    }
}
