package io.gizmoedge.client;

import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A server stand-in: a statement containing "fail" is rejected, one containing "disconnect" breaks the
 * connection, anything else returns {@link TestResults#numbered} with 3 rows (or N rows for "rows N").
 * Closing it leaves {@link #allocator} open: the test closes that after checking every result was released.
 */
public final class FakeQueryExecutor implements QueryExecutor {
    public final BufferAllocator allocator = new RootAllocator();
    public final List<String> executed = new ArrayList<>();
    public final List<QueryOptions> options = new ArrayList<>();
    public boolean closed;

    @Override
    public QueryResult execute(String sql, QueryOptions queryOptions) throws QueryFailedException, IOException {
        executed.add(sql);
        options.add(queryOptions);
        if (sql.contains("fail")) {
            throw new QueryFailedException("Table with name nope does not exist");
        }
        if (sql.contains("disconnect")) {
            throw new IOException("connection reset");
        }
        java.util.regex.Matcher rows = java.util.regex.Pattern.compile("rows (\\d+)").matcher(sql);
        return TestResults.numbered(allocator, rows.find() ? Integer.parseInt(rows.group(1)) : 3);
    }

    @Override
    public void close() {
        closed = true;
    }
}
