package io.gizmoedge.engine;

import java.sql.SQLException;

/** Turns DuckDB's exception text into one line for the user. */
public final class DuckDbErrors {
    private DuckDbErrors() {
    }

    public static String oneLine(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline).strip();
        // DuckDB JSON-style errors repeat the type; keep the readable part
        return first.isEmpty() ? "the database reported an error" : first;
    }
}
