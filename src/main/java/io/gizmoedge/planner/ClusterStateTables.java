package io.gizmoedge.planner;

import io.gizmoedge.catalog.ColumnDefinition;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The tables of schema {@code gizmo}, which describe the cluster rather than hold data: its workers,
 * its shards, the queries and the sessions. Queries over them are planned like any other (WHERE,
 * joins and aggregates validate against these columns) and run on the server, which fills them from
 * its state just before the query runs. Column types are DuckDB's spelling.
 */
public final class ClusterStateTables {
    /** The schema (a DuckDB catalog on the server) that holds the tables. */
    public static final String SCHEMA = "gizmo";
    /** Why a query over these tables runs on the server. */
    public static final String REASON = "reads the cluster's state (gizmo.*)";

    /** One table of the cluster's state. */
    public record Table(String name, List<ColumnDefinition> columns) {
        public Table {
            Objects.requireNonNull(name, "name");
            columns = List.copyOf(columns);
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("table " + name + " needs columns");
            }
        }
    }

    public static final Table WORKERS = new Table("workers", List.of(
            column("name", "VARCHAR"),
            column("address", "VARCHAR"),
            column("state", "VARCHAR"),
            column("shards", "VARCHAR"),
            column("shard_count", "INTEGER"),
            column("bytes_cached", "BIGINT"),
            column("duckdb_memory_bytes", "BIGINT"),
            column("last_heartbeat", "TIMESTAMP")));

    public static final Table SHARDS = new Table("shards", List.of(
            column("shard_id", "INTEGER"),
            column("table_name", "VARCHAR"),
            column("row_count", "BIGINT"),
            column("bytes", "BIGINT"),
            column("sha256", "VARCHAR"),
            column("served_by", "VARCHAR")));

    public static final Table QUERIES = new Table("queries", List.of(
            column("id", "BIGINT"),
            column("session_id", "BIGINT"),
            column("username", "VARCHAR"),
            column("sql_text", "VARCHAR"),
            column("state", "VARCHAR"),
            column("started_at", "TIMESTAMP"),
            column("elapsed_ms", "BIGINT"),
            column("location", "VARCHAR"),
            column("execution", "VARCHAR"),
            column("workers", "INTEGER"),
            column("bytes_from_workers", "BIGINT"),
            column("row_count", "BIGINT"),
            column("error", "VARCHAR")));

    public static final Table SESSIONS = new Table("sessions", List.of(
            column("id", "BIGINT"),
            column("username", "VARCHAR"),
            column("role", "VARCHAR"),
            column("remote_address", "VARCHAR"),
            column("transport", "VARCHAR"),
            column("connected_at", "TIMESTAMP"),
            column("running_queries", "INTEGER")));

    public static final List<Table> ALL = List.of(WORKERS, SHARDS, QUERIES, SESSIONS);

    private ClusterStateTables() {
    }

    /** The table named {@code name} (any case), if it is one of these. */
    public static Optional<Table> table(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(table -> table.name().equals(lower)).findFirst();
    }

    private static ColumnDefinition column(String name, String type) {
        return new ColumnDefinition(name, type);
    }
}
