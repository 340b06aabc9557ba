package io.gizmoedge.planner;

import io.gizmoedge.catalog.ColocationKey;
import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.catalog.TableDistribution;
import io.gizmoedge.loading.ColumnProfiler;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * A small TPC-H-like data set on real DuckDB: one single-node connection with all rows, and
 * {@link #SHARD_COUNT} in-memory shard connections, each with its shards' rows of the partitioned
 * tables (customer by hash of c_custkey, orders following their customer, lineitem following its
 * order) plus every row of the replicated tables. All values are generated deterministically.
 */
final class ShardedTestDatabase implements AutoCloseable {
    static final int SHARD_COUNT = 3;

    private static final String[] GENERATE = {
        "CREATE TABLE region AS SELECT i::INTEGER AS r_regionkey, 'REGION' || i AS r_name FROM range(3) t(i)",
        "CREATE TABLE nation AS SELECT i::INTEGER AS n_nationkey, 'NATION' || i AS n_name,"
                + " (i % 3)::INTEGER AS n_regionkey FROM range(10) t(i)",
        "CREATE TABLE supplier AS SELECT i::BIGINT AS s_suppkey, 'Supplier#' || i AS s_name,"
                + " (hash(i * 43) % 10)::INTEGER AS s_nationkey FROM range(1, 11) t(i)",
        "CREATE TABLE part AS SELECT i::BIGINT AS p_partkey, 'part ' || i AS p_name,"
                + " ['PROMO BRUSHED COPPER', 'STANDARD POLISHED TIN', 'ECONOMY ANODIZED STEEL', 'PROMO PLATED BRASS',"
                + "  'LARGE BURNISHED NICKEL'][(hash(i * 47) % 5)::INTEGER + 1] AS p_type,"
                + " 'Brand#' || (1 + hash(i * 53) % 3)::VARCHAR || (1 + hash(i * 59) % 3)::VARCHAR AS p_brand,"
                + " ['SM CASE', 'SM BOX', 'SM PACK', 'MED BAG', 'MED BOX', 'MED PKG', 'LG CASE', 'LG BOX', 'LG PACK']"
                + "  [(hash(i * 61) % 9)::INTEGER + 1] AS p_container,"
                + " (1 + hash(i * 67) % 20)::INTEGER AS p_size,"
                + " ((hash(i * 71) % 100000)::BIGINT / 100.0 + 900)::DECIMAL(15,2) AS p_retailprice"
                + " FROM range(1, 51) t(i)",
        "CREATE TABLE customer AS SELECT i::BIGINT AS c_custkey, 'Customer#' || i AS c_name,"
                + " (hash(i * 3) % 10)::INTEGER AS c_nationkey,"
                + " CASE WHEN i % 11 = 0 THEN NULL"
                + "  ELSE (((hash(i * 5) % 200000)::BIGINT - 50000) / 100.0)::DECIMAL(15,2) END AS c_acctbal,"
                + " ['BUILDING', 'AUTOMOBILE', 'MACHINERY', 'HOUSEHOLD', 'FURNITURE'][(hash(i * 7) % 5)::INTEGER + 1]"
                + "  AS c_mktsegment,"
                + " (10 + hash(i * 9) % 20)::VARCHAR || '-555-' || (1000 + i)::VARCHAR AS c_phone"
                + " FROM range(1, 61) t(i)",
        // customers 46..60 have no orders; every 37th order has no customer
        "CREATE TABLE orders AS SELECT i::BIGINT AS o_orderkey,"
                + " CASE WHEN i % 37 = 0 THEN NULL ELSE (1 + hash(i * 11) % 45)::BIGINT END AS o_custkey,"
                + " ['O', 'F', 'P'][(hash(i * 13) % 3)::INTEGER + 1] AS o_orderstatus,"
                + " ((hash(i * 17) % 5000000)::BIGINT / 100.0)::DECIMAL(15,2) AS o_totalprice,"
                + " DATE '1992-01-01' + (hash(i * 19) % 2400)::INTEGER AS o_orderdate,"
                + " ['1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECIFIED', '5-LOW'][(hash(i * 23) % 5)::INTEGER + 1]"
                + "  AS o_orderpriority,"
                + " (hash(i * 29) % 3)::INTEGER AS o_shippriority,"
                + " CASE WHEN i % 13 = 0 THEN NULL ELSE ((hash(i * 31) % 2000)::DOUBLE - 700) / 7.0 END AS o_weight"
                + " FROM range(1, 201) t(i)",
        "CREATE TABLE lineitem AS SELECT (1 + i // 4)::BIGINT AS l_orderkey,"
                + " (1 + hash(i * 73) % 50)::BIGINT AS l_partkey,"
                + " (1 + hash(i * 79) % 10)::BIGINT AS l_suppkey,"
                + " (1 + i % 4)::INTEGER AS l_linenumber,"
                + " CASE WHEN i % 29 = 0 THEN NULL ELSE (1 + hash(i * 83) % 50)::DECIMAL(15,2) END AS l_quantity,"
                + " ((hash(i * 89) % 10000000)::BIGINT / 100.0 + 900)::DECIMAL(15,2) AS l_extendedprice,"
                + " ((hash(i * 97) % 11)::INTEGER / 100.0)::DECIMAL(15,2) AS l_discount,"
                + " ((hash(i * 101) % 9)::INTEGER / 100.0)::DECIMAL(15,2) AS l_tax,"
                + " ['R', 'A', 'N'][(hash(i * 103) % 3)::INTEGER + 1] AS l_returnflag,"
                + " ['O', 'F'][(hash(i * 107) % 2)::INTEGER + 1] AS l_linestatus,"
                + " DATE '1992-01-02' + (hash(i * 109) % 2500)::INTEGER AS l_shipdate,"
                + " DATE '1992-01-02' + (hash(i * 113) % 2500)::INTEGER AS l_commitdate,"
                + " DATE '1992-01-02' + (hash(i * 109) % 2500)::INTEGER + (1 + hash(i * 127) % 30)::INTEGER"
                + "  AS l_receiptdate,"
                + " ['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'][(hash(i * 131) % 4)::INTEGER + 1]"
                + "  AS l_shipinstruct,"
                + " ['MAIL', 'SHIP', 'AIR', 'TRUCK', 'RAIL', 'FOB', 'REG AIR'][(hash(i * 137) % 7)::INTEGER + 1]"
                + "  AS l_shipmode"
                + " FROM range(0, 800) t(i) WHERE hash(i * 139) % 5 <> 0",
    };

    private static final String CUSTOMER_SHARD = "hash(coalesce(%s, -1)) %% " + SHARD_COUNT;

    private final Connection singleNode;
    private final List<Connection> shards;
    private final List<TableDefinition> tables;

    private ShardedTestDatabase(Connection singleNode, List<Connection> shards, List<TableDefinition> tables) {
        this.singleNode = singleNode;
        this.shards = List.copyOf(shards);
        this.tables = List.copyOf(tables);
    }

    static ShardedTestDatabase create() throws SQLException {
        Connection singleNode = DriverManager.getConnection("jdbc:duckdb:");
        generate(singleNode);
        List<Connection> shards = new ArrayList<>();
        for (int shard = 0; shard < SHARD_COUNT; shard++) {
            Connection connection = DriverManager.getConnection("jdbc:duckdb:");
            generate(connection);
            keepShard(connection, shard);
            shards.add(connection);
        }
        return new ShardedTestDatabase(singleNode, shards, describeTables(singleNode));
    }

    private static void generate(Connection connection) throws SQLException {
        for (String statement : GENERATE) {
            execute(connection, statement);
        }
        execute(connection, "SET threads = 1");
    }

    private static void keepShard(Connection connection, int shard) throws SQLException {
        execute(connection, "DELETE FROM customer WHERE " + CUSTOMER_SHARD.formatted("c_custkey") + " <> " + shard);
        execute(connection, "DELETE FROM orders WHERE " + CUSTOMER_SHARD.formatted("o_custkey") + " <> " + shard);
        execute(connection, "DELETE FROM lineitem WHERE l_orderkey NOT IN (SELECT o_orderkey FROM orders)");
    }

    private static List<TableDefinition> describeTables(Connection connection) throws SQLException {
        List<TableDefinition> tables = new ArrayList<>();
        for (String table : List.of("region", "nation", "supplier", "part", "customer", "orders", "lineitem")) {
            // measured as a load measures them, for the planner's estimates
            List<ColumnDefinition> columns = new ColumnProfiler().measure(connection.unwrap(DuckDBConnection.class), table,
                    QueryResultTable.describe(connection, table, ColumnDefinition::new));
            List<ColocationKey> keys = switch (table) {
                case "customer" -> List.of(new ColocationKey("c_custkey", "cust"));
                case "orders" -> List.of(new ColocationKey("o_custkey", "cust"), new ColocationKey("o_orderkey", "order"));
                case "lineitem" -> List.of(new ColocationKey("l_orderkey", "order"));
                default -> List.of();
            };
            TableDistribution distribution = keys.isEmpty() ? TableDistribution.REPLICATED : TableDistribution.PARTITIONED;
            tables.add(new TableDefinition(table, distribution, keys, columns, rowCount(connection, table)));
        }
        return tables;
    }

    static long rowCount(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The single-node answer to {@code DESCRIBE sql}, as the server's describer gives it. */
    synchronized List<ResultColumn> describe(String sql) throws SQLException {
        return QueryResultTable.describe(singleNode, sql);
    }

    Connection singleNode() {
        return singleNode;
    }

    List<Connection> shards() {
        return shards;
    }

    List<TableDefinition> tables() {
        return tables;
    }

    @Override
    public void close() throws SQLException {
        for (Connection shard : shards) {
            shard.close();
        }
        singleNode.close();
    }
}
