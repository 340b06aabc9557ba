package io.gizmoedge.client;

import java.util.Objects;

/**
 * SQL given on the command line: a {@code -c} argument or the contents of a {@code -f} file.
 *
 * @param name how messages refer to it, e.g. {@code -c #1} or the file name
 * @param text the SQL
 */
public record ScriptSource(String name, String text) {
    public ScriptSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }
}
