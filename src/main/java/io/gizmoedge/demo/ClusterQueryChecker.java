package io.gizmoedge.demo;

import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryFailedException;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.protocol.QueryOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;

/** Runs queries through a cluster and checks each answer against single-node DuckDB on the same data (a single-node copy of the catalog). */
public final class ClusterQueryChecker implements AutoCloseable {
    private final QueryExecutor cluster;
    private final DuckDBConnection singleNode;
    private final BufferAllocator allocator = new RootAllocator();

    /** Compares with single-node DuckDB over every table of the manifest at {@code manifestFile}. */
    public ClusterQueryChecker(QueryExecutor cluster, Path manifestFile) throws SQLException, IOException {
        this.cluster = cluster;
        this.singleNode = DuckDbDatabases.openReadOnly(
                io.gizmoedge.engine.TableStore.singleNodeCopy(manifestFile), DuckDbSettings.DEFAULT);
    }

    public QueryCheck check(String name, String sql, QueryOptions options) throws IOException {
        long started = System.nanoTime();
        Answer actual;
        io.gizmoedge.protocol.ExecutionSummary summary;
        try (QueryResult result = cluster.execute(sql, options)) {
            actual = Answer.of(result.schema().getFields(), result.batches());
            summary = result.summary();
        } catch (QueryFailedException e) {
            return new QueryCheck(name, Optional.empty(), 0, millisSince(started), Optional.of("error: " + e.getMessage()));
        }
        long millis = millisSince(started);
        try {
            Answer expected = Answer.query(singleNode, sql, allocator);
            return new QueryCheck(name, Optional.of(summary), actual.rows().size(), millis,
                    AnswerComparison.difference(expected, actual, AnswerComparison.isOrdered(sql)));
        } catch (SQLException e) {
            return new QueryCheck(name, Optional.of(summary), actual.rows().size(), millis,
                    Optional.of("single-node DuckDB failed: " + e.getMessage()));
        }
    }

    /**
     * Checks {@code queries} in order with the default options; {@code onEach} sees every check as
     * soon as it is made (and may throw to stop there).
     */
    public List<QueryCheck> checkAll(List<NamedQuery> queries, Consumer<QueryCheck> onEach)
            throws IOException {
        List<QueryCheck> checks = new ArrayList<>();
        for (NamedQuery query : queries) {
            QueryCheck check = check(query.name(), query.sql(), QueryOptions.DEFAULT);
            onEach.accept(check);
            checks.add(check);
        }
        return checks;
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @Override
    public void close() throws SQLException {
        singleNode.close();
        allocator.close();
    }
}
