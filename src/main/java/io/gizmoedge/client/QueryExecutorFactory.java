package io.gizmoedge.client;

import java.io.IOException;

/** Opens a connection to the server; the client command obtains its {@link QueryExecutor} through this. */
@FunctionalInterface
public interface QueryExecutorFactory {

    /**
     * Connects and authenticates.
     *
     * @throws IOException when the server cannot be reached or refuses the credentials
     */
    QueryExecutor connect(ConnectionSettings settings) throws IOException;

    /** The production factory: a WebSocket connection to the server. */
    static QueryExecutorFactory webSocket() {
        return WebSocketQueryExecutor::new;
    }
}
