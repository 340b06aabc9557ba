package io.gizmoedge.flight;

import io.gizmoedge.engine.ArrowFrameEncoder.PayloadSink;
import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What the Flight SQL endpoint needs of the server: the coordinator that runs statements (the one the
 * shell's connections use) and descriptions from the server's copy of the tables.
 */
public interface QueryBackend {
    /**
     * Runs {@code sql} as the shell would for the user of {@code session}: plans it, distributes it or
     * falls back, and sends the answer to {@code sink} as Arrow IPC stream payloads (each a schema and at
     * most one batch); returns the rows of the answer. While it runs, the statement is one of the
     * server's queries (gizmo.queries), which gizmo.cancel stops through {@code cancellation}.
     */
    long execute(String sql, QueryOptions options, FlightSession session, PayloadSink sink, Cancellation cancellation)
            throws StatementFailedException, IOException;

    /** The client of {@code session} has gone (its token expired or was closed): it leaves gizmo.sessions. */
    void sessionEnded(FlightSession session);

    /** The Arrow schema single-node DuckDB gives for the query {@code sql}; empty when it cannot tell (not a query). */
    Optional<Schema> resultSchema(String sql);

    /**
     * The {@code ?} parameters of {@code sql} as Arrow fields ({@code parameter_1}, …) of the types
     * DuckDB infers for them (text where it cannot tell); empty when DuckDB cannot prepare {@code sql}
     * (a Gizmo Edge data statement, say).
     */
    Optional<Schema> parameterSchema(String sql);

    /** Every table of the current catalog version with its Arrow schema. */
    List<CatalogTable> tables() throws StatementFailedException;
}
