package io.gizmoedge.demo;

import java.util.Objects;

/** One query of a {@link QuerySet}: its name (q01, q1_1, ...) and SQL text without the trailing semicolon. */
public record NamedQuery(String name, String sql) {
    public NamedQuery {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
    }
}
