package io.gizmoedge.bootstrap;

import io.gizmoedge.catalog.ColocationKey;
import io.gizmoedge.catalog.ShardHash;
import io.gizmoedge.catalog.TableDistribution;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one table is placed: replicated, or partitioned with co-location keys and a route that
 * finds each row's shard.
 *
 * @param table the table name
 * @param distribution replicated or partitioned
 * @param colocationKeys the partitioned table's co-location keys (empty when replicated)
 * @param route how a partitioned row finds its shard, null when replicated
 */
public record TablePlacement(String table, TableDistribution distribution, List<ColocationKey> colocationKeys,
        ShardRoute route) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public TablePlacement {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(distribution, "distribution");
        colocationKeys = List.copyOf(colocationKeys);
        if (!IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("table name must be a lower-case identifier: " + table);
        }
        if ((distribution == TableDistribution.PARTITIONED) != (route != null)) {
            throw new IllegalArgumentException("table " + table + ": a partitioned table needs a shard route, a replicated one none");
        }
        if ((distribution == TableDistribution.PARTITIONED) == colocationKeys.isEmpty()) {
            throw new IllegalArgumentException("table " + table + ": a partitioned table needs co-location keys, a replicated one none");
        }
    }

    public static TablePlacement replicated(String table) {
        return new TablePlacement(table, TableDistribution.REPLICATED, List.of(), null);
    }

    public static TablePlacement partitioned(String table, List<ColocationKey> keys, ShardRoute route) {
        return new TablePlacement(table, TableDistribution.PARTITIONED, keys, route);
    }

    public boolean isPartitioned() {
        return distribution == TableDistribution.PARTITIONED;
    }

    /**
     * How rows of a partitioned table find their shard: {@code SELECT <alias>.*, shard(<hashColumn>)
     * FROM <from>}. The FROM clause may join other tables to reach the key that decides the shard
     * (lineitem joins orders to reach the customer), but must yield each row of the table exactly once.
     *
     * @param from the FROM clause, naming the table with {@code alias}
     * @param alias the alias of the placed table in {@code from}
     * @param hashColumn the (qualified) column whose {@link ShardHash} is the row's shard
     */
    public record ShardRoute(String from, String alias, String hashColumn) {
        /** The name of the shard column added to the placed table's columns. */
        public static final String SHARD_COLUMN = "gizmo_shard";

        public ShardRoute {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(alias, "alias");
            ShardHash.sqlExpression(hashColumn, 1); // validates the column reference
            if (!IDENTIFIER.matcher(alias).matches()) {
                throw new IllegalArgumentException("alias must be a lower-case identifier: " + alias);
            }
        }

        /** The query giving every row of the table with its shard in column {@value #SHARD_COLUMN}. */
        public String sql(int shardCount) {
            return "SELECT " + alias + ".*, " + ShardHash.sqlExpression(hashColumn, shardCount) + " AS " + SHARD_COLUMN
                    + " FROM " + from;
        }
    }
}
