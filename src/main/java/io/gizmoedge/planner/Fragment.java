package io.gizmoedge.planner;

import io.gizmoedge.engine.SqlNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.calcite.rel.RelNode;

/**
 * A part of the query while {@link PlanFragmenter} cuts it into stages: a relational tree that
 * reads catalog tables and earlier stages' results (as scans of tables named after them), and where
 * it can run ({@code distribution}: partitioned on every worker, replicated, or single on the server).
 *
 * @param commonTables named SQL (common table expressions) the tree reads, such as the final step of a
 *     split aggregate, defined in the stage that runs the tree; in definition order
 * @param inputs the earlier stages the tree and its common tables read
 */
record Fragment(RelNode rel, Distribution distribution, Map<String, String> commonTables, SortedSet<String> inputs) {
    Fragment {
        Objects.requireNonNull(rel, "rel");
        Objects.requireNonNull(distribution, "distribution");
        commonTables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(commonTables));
        inputs = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(inputs));
    }

    /** The tree's SQL with the common tables it reads defined in front of it. */
    String sql(String body) {
        if (commonTables.isEmpty()) {
            return body;
        }
        StringBuilder sql = new StringBuilder("WITH ");
        commonTables.forEach((name, definition) -> {
            if (sql.length() > "WITH ".length()) {
                sql.append(", ");
            }
            sql.append(SqlNames.quote(name)).append(" AS (").append(definition).append(')');
        });
        return sql.append(' ').append(body).toString();
    }
}
