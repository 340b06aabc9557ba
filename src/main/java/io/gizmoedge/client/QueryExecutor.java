package io.gizmoedge.client;

import io.gizmoedge.protocol.QueryOptions;

/** Sends one statement to the server and waits for its whole answer. */
public interface QueryExecutor extends AutoCloseable {

    /**
     * Runs {@code sql} with {@code options}.
     *
     * @throws QueryFailedException when the server reports an error (its message is for the user)
     * @throws java.io.IOException when the connection fails
     */
    QueryResult execute(String sql, QueryOptions options) throws QueryFailedException, java.io.IOException;

    @Override
    void close();
}
