package io.gizmoedge.engine;

/** Quoting of identifiers and string literals in hand-written DuckDB SQL. */
public final class SqlNames {
    private SqlNames() {
    }

    /** {@code identifier} as a quoted DuckDB identifier. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** {@code text} as a DuckDB string literal. */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
