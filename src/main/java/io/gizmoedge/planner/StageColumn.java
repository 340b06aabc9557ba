package io.gizmoedge.planner;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of the columns of stage results and of the SQL that builds them, in one place: each kind
 * of column is a one-letter prefix and the column's position ({@code x0}, {@code x1}, ...). Generated
 * names never clash with the user's, whatever the user's tables and aliases are called, because every
 * stage names all of its output columns.
 */
enum StageColumn {
    /** The rows of a gathered, broadcast or repartitioned stage result, one column per field of its tree. */
    ROW("x"),
    /** The answer's columns before the last stage gives them single-node DuckDB's names and types. */
    RESULT("f"),
    /** A partial aggregate's group columns. */
    GROUP("g"),
    /** A partial aggregate's DISTINCT arguments, added to the workers' grouping. */
    DISTINCT("d"),
    /** A partial aggregate's values (sums, counts, minima, ...). */
    PARTIAL("a"),
    /** A whole aggregate's columns: the merged result of a split one, or one complete on every shard. */
    AGGREGATE("c");

    private final String prefix;

    StageColumn(String prefix) {
        this.prefix = prefix;
    }

    /** The name of the column at {@code position} (from 0). */
    String name(int position) {
        if (position < 0) {
            throw new IllegalArgumentException("a column position is not negative: " + position);
        }
        return prefix + position;
    }

    /** The names of the first {@code count} columns. */
    List<String> names(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(name(i));
        }
        return names;
    }
}
