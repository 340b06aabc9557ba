package io.gizmoedge.loading;

import io.gizmoedge.catalog.TablePlacement;
import java.util.Objects;
import java.util.Optional;

/**
 * A statement about tables rather than a query: CREATE, INSERT and DROP change data (admin only),
 * ANALYZE measures it again (admin only), SHOW TABLES, SHOW STATS and DESCRIBE describe them. {@link DataStatementParser} recognises them; everything else is a query.
 */
public sealed interface DataStatement {

    /**
     * {@code CREATE TABLE name placement AS query} (with {@code query}) or
     * {@code CREATE TABLE name (column definitions) placement} (with {@code columnDefinitions}).
     */
    record CreateTable(String table, TablePlacement placement, Optional<String> columnDefinitions,
            Optional<String> query, boolean ifNotExists) implements DataStatement {
        public CreateTable {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(columnDefinitions, "columnDefinitions");
            Objects.requireNonNull(query, "query");
            if (columnDefinitions.isPresent() == query.isPresent()) {
                throw new IllegalArgumentException("a CREATE TABLE has either column definitions or a query");
            }
        }
    }

    /** {@code INSERT INTO name query}: the query's rows are appended. */
    record InsertInto(String table, String query) implements DataStatement {
        public InsertInto {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(query, "query");
        }
    }

    /** {@code DROP TABLE [IF EXISTS] name}. */
    record DropTable(String table, boolean ifExists) implements DataStatement {
        public DropTable {
            Objects.requireNonNull(table, "table");
        }
    }

    /**
     * {@code ANALYZE [name]}: measures the column statistics of one table, or of every table, again
     * from its rows (for tables loaded before statistics were measured, or after many INSERTs).
     */
    record Analyze(Optional<String> table) implements DataStatement {
        public Analyze {
            Objects.requireNonNull(table, "table");
        }
    }

    /** {@code SHOW TABLES}: name, placement and rows of every table. */
    record ShowTables() implements DataStatement {
    }

    /** {@code SHOW STATS FOR name}: the column statistics the planner estimates with (Trino's statement). */
    record ShowStats(String table) implements DataStatement {
        public ShowStats {
            Objects.requireNonNull(table, "table");
        }
    }

    /** {@code DESCRIBE name}: columns and types as DuckDB prints them. */
    record Describe(String table) implements DataStatement {
        public Describe {
            Objects.requireNonNull(table, "table");
        }
    }
}
