package io.gizmoedge.planner;

/** Quoting of identifiers in hand-written DuckDB SQL. */
final class SqlNames {
    private SqlNames() {
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
