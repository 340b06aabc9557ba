package io.gizmoedge.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardHashTest {
    @Test
    void matchesTheDocumentedFormula() {
        assertThat(ShardHash.shardOf(0, 11)).isZero();
        assertThat(ShardHash.shardOf(1, 11)).isEqualTo((int) (2654435761L % 11));
        assertThat(ShardHash.shardOf(2, 1000)).isEqualTo((int) ((2L * 2654435761L) % (1L << 32) % 1000));
        assertThat(ShardHash.shardOf(Long.MAX_VALUE, 7)).isBetween(0, 6);
        assertThat(ShardHash.shardOf(12345, 1)).isZero();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> ShardHash.shardOf(-1, 4)).hasMessageContaining("negative");
        assertThatThrownBy(() -> ShardHash.shardOf(1, 0)).hasMessageContaining("between 1 and 1000");
        assertThatThrownBy(() -> ShardHash.sqlExpression("x; DROP TABLE t", "BIGINT", 4)).hasMessageContaining("column");
    }

    @Test
    void javaAndDuckDbAgree() throws SQLException {
        int[] shardCounts = {1, 2, 4, 7, 11, 1000};
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            for (int shardCount : shardCounts) {
                Map<Long, Integer> fromDuckDb = new HashMap<>();
                String sql = "SELECT k, " + ShardHash.sqlExpression("k", "BIGINT", shardCount) + " FROM ("
                        + "SELECT range AS k FROM range(0, 20000) "
                        + "UNION ALL SELECT 9223372036854775807 - range FROM range(0, 100) "
                        + "UNION ALL SELECT (range * 2654435761 * 7919) % 9223372036854775807 FROM range(0, 5000))";
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery(sql)) {
                    while (rs.next()) {
                        fromDuckDb.put(rs.getLong(1), rs.getInt(2));
                    }
                }
                assertThat(fromDuckDb).hasSizeGreaterThan(20000);
                fromDuckDb.forEach((key, shard) -> assertThat(ShardHash.shardOf(key, shardCount))
                        .as("key %d with %d shards", key, shardCount).isEqualTo(shard));
            }
        }
    }

    @Test
    void spreadsConsecutiveKeysEvenly() {
        int[] counts = new int[11];
        for (long k = 1; k <= 15000; k++) {
            counts[ShardHash.shardOf(k, 11)]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(1200, 1530);
        }
    }
}
