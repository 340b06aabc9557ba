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

    /**
     * Sends {@code rows} to be appended to {@code table}, created with {@code placement} (a placement
     * clause such as {@code DISTRIBUTED BY (id)}) when one is given. The answer is the server's
     * one-row status, as for CREATE TABLE and INSERT. The import changes all or nothing.
     *
     * @throws QueryFailedException when the server refuses or fails the import, or the rows cannot be
     *     read (its message is for the user); nothing changed
     * @throws java.io.IOException when the connection fails
     */
    default QueryResult importRows(String table, java.util.Optional<String> placement, ImportRows rows)
            throws QueryFailedException, java.io.IOException {
        throw new QueryFailedException("this connection cannot import files");
    }

    /**
     * Asks the server to stop the statement that is running now, if any; called from another
     * thread (Ctrl-C in the shell). The statement then fails with {@code query cancelled}.
     */
    default void cancelRunning() {
    }

    @Override
    void close();
}
