package io.gizmoedge.client;

import java.util.Objects;

/**
 * One SQL statement cut from a script, without its terminating semicolon.
 *
 * @param sql the statement text, starting at its first token (leading comments and blanks removed)
 * @param line the 1-based line of the script on which the statement starts
 */
public record Statement(String sql, int line) {
    private static final int PREVIEW_LENGTH = 60;

    public Statement {
        Objects.requireNonNull(sql, "sql");
        if (sql.isBlank()) {
            throw new IllegalArgumentException("a statement must not be empty");
        }
        if (line < 1) {
            throw new IllegalArgumentException("line must be positive");
        }
    }

    /** The statement on one line, shortened for messages. */
    public String preview() {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= PREVIEW_LENGTH ? oneLine : oneLine.substring(0, PREVIEW_LENGTH - 3) + "...";
    }
}
