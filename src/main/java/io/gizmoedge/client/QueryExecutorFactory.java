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

    /**
     * The production factory: {@code WebSocketQueryExecutor::new}. It is looked up by name so that this
     * module builds before that class exists; replace the body with the method reference once it is merged.
     */
    static QueryExecutorFactory webSocket() {
        return new WebSocketExecutorLookup();
    }
}
