package io.gizmoedge.planner;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * Executes a {@link DistributedPlan} the way the server will: the worker SQL on every shard, the
 * results gathered as Arrow streams and registered in a fresh merge DuckDB as one table, then the merge SQL.
 * The allocator is closed at the end, so a leaked Arrow buffer fails the run.
 */
final class DistributedPlanRunner {
    private static final long ARROW_BATCH_SIZE = 1024;

    private final List<Connection> shards;

    DistributedPlanRunner(List<Connection> shards) {
        this.shards = List.copyOf(shards);
    }

    QueryResultTable run(DistributedPlan plan) throws SQLException, IOException {
        try (BufferAllocator allocator = new RootAllocator();
                Connection merge = DriverManager.getConnection("jdbc:duckdb:")) {
            for (int shard = 0; shard < shards.size(); shard++) {
                gather(allocator, shards.get(shard), plan, merge.unwrap(DuckDBConnection.class), shard);
            }
            return QueryResultTable.run(merge, plan.mergeSql());
        }
    }

    private static void gather(BufferAllocator allocator, Connection shard, DistributedPlan plan,
            DuckDBConnection merge, int shardNumber) throws SQLException, IOException {
        String streamName = "shard_stream_" + shardNumber;
        try (Statement statement = shard.createStatement();
                ResultSet rs = statement.executeQuery(plan.workerSql());
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            ArrowReader reader = (ArrowReader) rs.unwrap(DuckDBResultSet.class)
                    .arrowExportStream(allocator, ARROW_BATCH_SIZE);
            try {
                Data.exportArrayStream(allocator, reader, stream);
            } catch (RuntimeException e) {
                reader.close();
                throw e;
            }
            // from here the exported stream owns the reader: DuckDB releases it after reading
            merge.registerArrowStream(streamName, stream);
            String table = SqlNames.quote(plan.partialTableName());
            String copy = shardNumber == 0
                    ? "CREATE TABLE " + table + " AS SELECT * FROM " + streamName
                    : "INSERT INTO " + table + " SELECT * FROM " + streamName;
            ShardedTestDatabase.execute(merge, copy);
        }
    }
}
