package io.gizmoedge.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.catalog.ColocationKey;
import io.gizmoedge.catalog.ColumnDefinition;
import io.gizmoedge.catalog.TableDefinition;
import io.gizmoedge.catalog.TableDistribution;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Aggregate splitting beyond SUM/COUNT/MIN/MAX/AVG: variance and standard deviation, bitwise
 * aggregates, DISTINCT aggregates, FILTER, empty groups and NULL inputs. Every distributed plan runs
 * on real DuckDB shards and must give the single-node answer (doubles within 1e-9 relative).
 *
 * <p>Besides the TPC-H-like tables, the shards hold {@code readings}, partitioned by {@code r_id}:
 * values near 10^9 with a tiny spread (where a sum-of-squares formula loses every digit), a sensor
 * with one reading, a sensor whose readings are all NULL, booleans and bit patterns with NULLs.
 */
class AggregateSplitTest extends ShardedPlanningTest {
    private static final String READINGS = "CREATE TABLE readings AS SELECT i::BIGINT AS r_id,"
            + " CASE WHEN i = 121 THEN 99 WHEN i > 121 THEN 98 ELSE (i % 7)::INTEGER END AS r_sensor,"
            + " CASE WHEN i > 121 OR i % 17 = 0 THEN NULL"
            + "  ELSE (1000000000 + (hash(i * 151) % 100000)::BIGINT / 1000000.0)::DECIMAL(18,6) END AS r_value,"
            + " CASE WHEN i > 121 OR i % 19 = 0 THEN NULL"
            + "  ELSE 123456789.0 + (hash(i * 157) % 1000)::DOUBLE / 10000.0 END AS r_double,"
            + " CASE WHEN i > 121 OR i % 13 = 0 THEN NULL ELSE (hash(i * 163) % 1000)::INTEGER - 500 END AS r_int,"
            + " CASE WHEN i > 121 OR i % 11 = 0 THEN NULL ELSE hash(i * 167) % 5 <> 0 END AS r_flag,"
            + " CASE WHEN i > 121 OR i % 23 = 0 THEN NULL ELSE (hash(i * 173) % 65536)::BIGINT END AS r_bits"
            + " FROM range(1, 125) t(i)";
    private static final String READINGS_SHARD = "DELETE FROM readings WHERE r_id %% %d <> %d";

    /** The sharded test database with a table of sensor readings added (huge values, NULLs, booleans, bits). */
    @Override
    protected ShardedPlanning createPlanning() throws SQLException {
        ShardedTestDatabase database = ShardedTestDatabase.create();
        ShardedTestDatabase.execute(database.singleNode(), READINGS);
        for (int shard = 0; shard < database.shards().size(); shard++) {
            Connection connection = database.shards().get(shard);
            ShardedTestDatabase.execute(connection, READINGS);
            ShardedTestDatabase.execute(connection, READINGS_SHARD.formatted(database.shards().size(), shard));
        }
        List<TableDefinition> tables = new ArrayList<>(database.tables());
        tables.add(readingsTable(database.singleNode()));
        return new ShardedPlanning(database, tables, settings());
    }

    private static TableDefinition readingsTable(Connection connection) throws SQLException {
        List<ColumnDefinition> columns = QueryResultTable.describe(connection, "readings", ColumnDefinition::new);
        return new TableDefinition("readings", TableDistribution.PARTITIONED,
                List.of(new ColocationKey("r_id", "reading")), columns,
                ShardedTestDatabase.rowCount(connection, "readings"));
    }

    static Stream<Arguments> splitQueries() {
        return Stream.of(
                // name, ordered result, SQL
                Arguments.of("grouped by CASE and COALESCE expressions, by position and by alias", true,
                        "SELECT CASE WHEN o_totalprice > 150000 THEN 'big' WHEN o_totalprice > 50000 THEN 'medium'"
                                + " ELSE 'small' END AS size, coalesce(o_weight, -1) AS w, count(*) AS n, sum(o_totalprice) AS t"
                                + " FROM orders GROUP BY 1, w ORDER BY size, w"),
                Arguments.of("an expression of the grouping beside a CASE over an aggregate", true,
                        "SELECT o_orderstatus || '!' AS s, CASE WHEN count(*) > 10 THEN 'many' ELSE 'few' END AS c,"
                                + " coalesce(max(o_weight), 0) AS m FROM orders GROUP BY o_orderstatus ORDER BY s"),
                Arguments.of("bool_and and bool_or, with NULLs and grouped", false,
                        "SELECT r_sensor, bool_and(r_flag) AS all_set, bool_or(r_flag) AS any_set FROM readings GROUP BY r_sensor"),
                Arguments.of("bool_and and bool_or over everything", false,
                        "SELECT bool_and(r_flag) AS all_set, bool_or(r_flag) AS any_set FROM readings"),
                Arguments.of("variance family of a decimal", false,
                        "SELECT stddev_samp(l_quantity) AS a, stddev_pop(l_quantity) AS b, var_samp(l_quantity) AS c,"
                                + " var_pop(l_quantity) AS d, stddev(l_quantity) AS e, variance(l_quantity) AS f"
                                + " FROM lineitem"),
                Arguments.of("variance of double and integer, grouped", false,
                        "SELECT l_returnflag, var_samp(o_weight), stddev_pop(o_weight), var_pop(l_linenumber),"
                                + " stddev_samp(o_shippriority) FROM lineitem JOIN orders ON l_orderkey = o_orderkey"
                                + " GROUP BY l_returnflag"),
                Arguments.of("variance next to SUM, COUNT and AVG of the same column", false,
                        "SELECT l_shipmode, sum(l_extendedprice), count(l_extendedprice), avg(l_extendedprice),"
                                + " stddev_samp(l_extendedprice), var_pop(l_extendedprice) FROM lineitem GROUP BY l_shipmode"),
                Arguments.of("variance of one value and of none (NULL inputs)", true,
                        "SELECT r_sensor, var_samp(r_int) AS vs, var_pop(r_int) AS vp, stddev_samp(r_int) AS ss,"
                                + " stddev_pop(r_int) AS sp, count(r_int) AS n FROM readings WHERE r_sensor >= 98"
                                + " GROUP BY r_sensor ORDER BY r_sensor"),
                Arguments.of("variance over no rows", false,
                        "SELECT stddev_samp(l_quantity), stddev_pop(l_quantity), var_samp(l_quantity),"
                                + " var_pop(l_quantity) FROM lineitem WHERE false"),
                Arguments.of("HAVING over a split standard deviation", true,
                        "SELECT l_suppkey, stddev_samp(l_quantity) AS s FROM lineitem GROUP BY l_suppkey"
                                + " HAVING stddev_samp(l_quantity) > 14 ORDER BY s DESC, l_suppkey"),
                Arguments.of("HAVING over variance and a DISTINCT count", true,
                        "SELECT r_sensor, var_pop(r_int) AS v FROM readings GROUP BY r_sensor"
                                + " HAVING var_pop(r_int) > 0 AND count(DISTINCT r_flag) = 2 ORDER BY r_sensor"),
                Arguments.of("covariances, over the rows where both arguments are not NULL, grouped", false,
                        "SELECT o_orderstatus, covar_pop(o_totalprice, o_weight) AS p, covar_samp(o_weight, o_totalprice) AS s,"
                                + " covar_pop(o_shippriority, o_custkey) AS k FROM orders GROUP BY o_orderstatus"),
                Arguments.of("correlations, grouped, with FILTER, of a column that does not vary (NaN), of one pair and of none",
                        false, "SELECT o_orderstatus, corr(o_totalprice, o_weight) AS c, corr(o_totalprice, o_shippriority * 0 + 3)"
                                + " AS constant, corr(o_weight, o_totalprice) FILTER (WHERE o_orderkey = 5) AS one,"
                                + " corr(o_weight, o_totalprice) FILTER (WHERE o_orderkey < 0) AS none,"
                                + " covar_pop(o_totalprice, o_weight) AS p FROM orders GROUP BY o_orderstatus"),
                // with values near 10^9 and a tiny spread, nearly uncorrelated, the workers' co-moments cancel:
                // the split and single-node DuckDB then agree only to about 1e-5 (each as far from the exact value)
                Arguments.of("covariances of one pair and of none (NULL inputs)", true,
                        "SELECT r_sensor, covar_pop(r_int, r_id) AS p, covar_samp(r_int, r_id) AS s,"
                                + " count(r_int) AS n FROM readings GROUP BY r_sensor ORDER BY r_sensor"),
                Arguments.of("covariances over everything, with FILTER, and over no rows", false,
                        "SELECT covar_pop(l_quantity, l_extendedprice) AS p, covar_samp(l_discount, l_tax)"
                                + " FILTER (WHERE l_linenumber > 1) AS s, (SELECT covar_samp(l_quantity, l_tax) FROM lineitem"
                                + " WHERE false) AS none FROM lineitem"),
                // 0.1 is the same in every row, but a worker's mean of it (a sum over a count) need not be 0.1 to
                // the last bit: the deviations between the workers' means must still count as 0, as DuckDB's do
                Arguments.of("variance, correlation and regression of a fraction that does not vary", false,
                        "SELECT l_returnflag, var_pop(c) AS v, stddev_samp(c) AS s, corr(l_extendedprice, c) AS cx,"
                                + " corr(c, l_quantity) AS cy, covar_samp(c, l_quantity) AS k, regr_slope(l_quantity, c) AS sx,"
                                + " regr_slope(c, l_quantity) AS sy, regr_intercept(l_quantity, c) AS ix,"
                                + " regr_intercept(c, l_quantity) AS iy, regr_r2(l_quantity, c) AS rx, regr_r2(c, l_quantity) AS ry"
                                + " FROM (SELECT l_returnflag, l_quantity, l_extendedprice, CASE WHEN l_orderkey > 0"
                                + " THEN CAST(0.1 AS DOUBLE) ELSE 0.2 END AS c FROM lineitem) GROUP BY l_returnflag"),
                Arguments.of("regression functions, grouped, global and with FILTER, of one pair and of none", false,
                        "SELECT l_returnflag, regr_count(l_quantity, l_tax) AS n, regr_avgx(l_quantity, l_tax) AS ax,"
                                + " regr_avgy(l_quantity, l_tax) AS ay, regr_sxx(l_quantity, l_tax) AS sxx,"
                                + " regr_syy(l_quantity, l_tax) AS syy, regr_sxy(l_quantity, l_tax) AS sxy,"
                                + " regr_slope(l_quantity, l_tax) AS sl, regr_intercept(l_quantity, l_tax) AS ic,"
                                + " regr_r2(l_quantity, l_tax) AS r2, regr_slope(l_quantity, l_tax) FILTER (WHERE l_orderkey = 5) AS one,"
                                + " regr_intercept(l_quantity, l_tax) FILTER (WHERE l_orderkey < 0) AS none,"
                                + " regr_r2(l_extendedprice, l_discount) FILTER (WHERE l_orderkey = 5) AS r1"
                                + " FROM lineitem GROUP BY l_returnflag"),
                Arguments.of("regression functions over everything and over no rows", false,
                        "SELECT regr_count(l_quantity, l_tax) AS n, regr_slope(l_extendedprice, l_quantity) AS sl,"
                                + " regr_intercept(l_extendedprice, l_quantity) AS ic, regr_r2(l_extendedprice, l_quantity) AS r2,"
                                + " (SELECT regr_count(l_quantity, l_tax) FROM lineitem WHERE false) AS n0,"
                                + " (SELECT regr_avgx(l_quantity, l_tax) FROM lineitem WHERE false) AS a0 FROM lineitem"),
                Arguments.of("regression functions with NULL inputs", true,
                        "SELECT r_sensor, regr_count(r_int, r_id) AS n, regr_slope(r_int, r_id) AS s,"
                                + " regr_intercept(r_int, r_id) AS i, regr_r2(r_int, r_id) AS r, regr_avgy(r_int, r_id) AS ay"
                                + " FROM readings GROUP BY r_sensor ORDER BY r_sensor"),
                Arguments.of("variance with FILTER", false,
                        "SELECT l_returnflag, var_samp(l_quantity) FILTER (WHERE l_discount > 0.05) AS v,"
                                + " stddev_pop(l_quantity) FILTER (WHERE l_linenumber = 1) AS s,"
                                + " var_samp(l_quantity) AS unfiltered FROM lineitem GROUP BY l_returnflag"),
                Arguments.of("FILTER that leaves a group empty", false,
                        "SELECT l_linestatus, var_samp(l_quantity) FILTER (WHERE l_returnflag = 'Z') AS v,"
                                + " count(*) FILTER (WHERE l_returnflag = 'Z') AS n,"
                                + " sum(l_quantity) FILTER (WHERE l_returnflag = 'Z') AS s,"
                                + " count(DISTINCT l_partkey) FILTER (WHERE l_returnflag = 'Z') AS dn,"
                                + " bit_or(l_linenumber) FILTER (WHERE l_returnflag = 'Z') AS b"
                                + " FROM lineitem GROUP BY l_linestatus"),
                Arguments.of("bitwise aggregates with NULLs", true,
                        "SELECT r_sensor, bit_and(r_bits) AS a, bit_or(r_bits) AS o, bit_xor(r_bits) AS x,"
                                + " bit_xor(r_int) AS xi FROM readings GROUP BY r_sensor ORDER BY r_sensor"),
                Arguments.of("bitwise aggregates, global, FILTER and DISTINCT", false,
                        "SELECT bit_and(l_linenumber), bit_or(l_suppkey), bit_xor(l_partkey),"
                                + " bit_xor(l_partkey) FILTER (WHERE l_returnflag = 'R'),"
                                + " bit_or(DISTINCT l_suppkey), bit_and(DISTINCT l_linenumber) FROM lineitem"),
                Arguments.of("bitwise aggregates over no rows", false,
                        "SELECT bit_and(r_bits), bit_or(r_bits), bit_xor(r_bits) FROM readings WHERE r_id < 0"),
                Arguments.of("COUNT(DISTINCT) not grouped by a key", false,
                        "SELECT l_returnflag, count(DISTINCT l_partkey) FROM lineitem GROUP BY l_returnflag"),
                Arguments.of("COUNT(DISTINCT), global", false,
                        "SELECT count(DISTINCT l_suppkey) AS suppliers, count(DISTINCT o_orderstatus) AS statuses"
                                + " FROM lineitem JOIN orders ON l_orderkey = o_orderkey"),
                Arguments.of("SUM and AVG (DISTINCT) of decimals with NULLs", false,
                        "SELECT l_linestatus, sum(DISTINCT l_quantity) AS s, avg(DISTINCT l_quantity) AS a,"
                                + " count(DISTINCT l_quantity) AS n FROM lineitem GROUP BY l_linestatus"),
                Arguments.of("DISTINCT and plain aggregates mixed", false,
                        "SELECT l_returnflag, count(*) AS n, sum(l_quantity) AS q, avg(l_discount) AS d,"
                                + " min(l_shipdate) AS first, stddev_samp(l_extendedprice) AS sd,"
                                + " count(DISTINCT l_suppkey) AS suppliers, sum(DISTINCT l_quantity) AS dq"
                                + " FROM lineitem GROUP BY l_returnflag"),
                Arguments.of("DISTINCT with FILTER, next to the same DISTINCT without", false,
                        "SELECT l_shipmode, count(DISTINCT l_partkey) FILTER (WHERE l_discount > 0.05) AS f,"
                                + " count(DISTINCT l_partkey) AS d, sum(DISTINCT l_suppkey) FILTER (WHERE l_tax = 0) AS s"
                                + " FROM lineitem GROUP BY l_shipmode"),
                Arguments.of("DISTINCT of a group column and of a NULL-only group", true,
                        "SELECT r_sensor, count(DISTINCT r_sensor) AS self, count(DISTINCT r_flag) AS flags,"
                                + " sum(DISTINCT r_int) AS s, avg(DISTINCT r_value) AS a, var_samp(DISTINCT r_int) AS v"
                                + " FROM readings GROUP BY r_sensor ORDER BY r_sensor"),
                Arguments.of("DISTINCT over no rows", false,
                        "SELECT count(DISTINCT l_partkey), sum(DISTINCT l_quantity), avg(DISTINCT l_quantity)"
                                + " FROM lineitem WHERE l_quantity < 0"),
                Arguments.of("DISTINCT over no rows, grouped", false,
                        "SELECT l_returnflag, count(DISTINCT l_partkey) FROM lineitem WHERE l_quantity < 0"
                                + " GROUP BY l_returnflag"),
                Arguments.of("MIN and MAX of booleans with NULLs", true,
                        "SELECT r_sensor, min(r_flag) AS lo, max(r_flag) AS hi FROM readings GROUP BY r_sensor"
                                + " ORDER BY r_sensor"),
                Arguments.of("GROUPING of a plain GROUP BY", false,
                        "SELECT l_returnflag, count(*) AS n, grouping(l_returnflag) AS g FROM lineitem GROUP BY l_returnflag"),
                Arguments.of("ROLLUP with DISTINCT", false,
                        "SELECT l_returnflag, l_linestatus, count(*) AS n, sum(l_quantity) AS q, avg(l_extendedprice) AS p, min(l_shipdate) AS first,"
                                + " count(DISTINCT l_partkey) AS parts FROM lineitem GROUP BY ROLLUP (l_returnflag, l_linestatus)"),
                Arguments.of("ROLLUP whose subtotal rows are picked by their NULLs", true,
                        "SELECT o_orderstatus, o_shippriority, sum(o_totalprice) AS t FROM orders"
                                + " GROUP BY ROLLUP (o_orderstatus, o_shippriority) HAVING o_shippriority IS NULL"
                                + " ORDER BY o_orderstatus NULLS FIRST"),
                Arguments.of("CUBE of a join off the keys' grouping", false,
                        "SELECT o_orderstatus, o_orderpriority, count(*) AS n, max(l_tax) AS t FROM orders"
                                + " JOIN lineitem ON o_orderkey = l_orderkey GROUP BY CUBE (o_orderstatus, o_orderpriority)"),
                Arguments.of("GROUPING SETS with the empty set and a FILTER", false,
                        "SELECT c_mktsegment, c_nationkey, count(*) FILTER (WHERE c_acctbal > 0) AS rich, sum(c_acctbal) AS b"
                                + " FROM customer GROUP BY GROUPING SETS ((c_mktsegment), (c_nationkey), ())"),
                Arguments.of("FILTER on every plain split aggregate", false,
                        "SELECT l_returnflag, count(*) FILTER (WHERE l_tax > 0.04) AS c,"
                                + " count(l_quantity) FILTER (WHERE l_tax > 0.04) AS cq,"
                                + " sum(l_quantity) FILTER (WHERE l_tax > 0.04) AS s,"
                                + " avg(l_quantity) FILTER (WHERE l_tax > 0.04) AS a,"
                                + " min(l_shipdate) FILTER (WHERE l_tax > 0.04) AS lo,"
                                + " max(l_shipdate) FILTER (WHERE l_tax > 0.04) AS hi,"
                                + " avg(l_quantity) AS all_a FROM lineitem GROUP BY l_returnflag"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splitQueries")
    void splitAggregateGivesTheSingleNodeAnswer(String name, boolean ordered, String sql) throws Exception {
        DistributedPlan distributed = planning.assertDistributedAndExact(name, sql, ordered);
        assertThat(distributed.stages().get(0).location()).isEqualTo(StageLocation.WORKERS);
        assertThat(distributed.stages().get(0).explanation()).contains("partial aggregates");
        assertThat(distributed.resultStage().location()).isEqualTo(StageLocation.SERVER);
    }

    /**
     * Values near 10^9 with a spread below 0.1 are ill-conditioned for any floating point variance:
     * DuckDB's own answer (Welford's method over DOUBLE) moves by about 10^-6 relative when only the
     * row order changes, so no split can promise 10^-9 relative here. The split answer must stay
     * within DuckDB's own order-to-order spread of the single-node answer, and close to the exact
     * variance (computed from values shifted by 10^9, which loses nothing).
     */
    @Test
    void illConditionedVarianceIsAsCloseAsDuckDbsOwnAnswers() throws Exception {
        String query = "SELECT var_samp(r_value) AS v, stddev_pop(r_value) AS s, var_pop(r_double) AS d FROM %s";
        QueryPlan plan = planning.planner.plan(query.formatted("readings"));
        assertThat(plan).as(plan.summary()).isInstanceOf(DistributedPlan.class);
        List<Object> actual = planning.runner.run((DistributedPlan) plan).rows().get(0);

        List<Double> spread = new ArrayList<>(List.of(0.0, 0.0, 0.0));
        List<Object> natural = singleRow(query.formatted("readings"));
        for (String order : List.of("r_id DESC", "hash(r_id)", "r_value")) {
            List<Object> reordered = singleRow(query.formatted("(SELECT * FROM readings ORDER BY " + order + ")"));
            for (int c = 0; c < 3; c++) {
                spread.set(c, Math.max(spread.get(c), relativeDifference(reordered.get(c), natural.get(c))));
            }
        }
        List<Object> exact = singleRow("SELECT var_samp(r_value - 1000000000) AS v, stddev_pop(r_value - 1000000000) AS s,"
                + " var_pop(r_double - 123456789) AS d FROM readings");
        assertThat(spread).as("DuckDB's own answers over different row orders differ by more than 1e-9")
                .anyMatch(d -> d > 1e-9);
        for (int c = 0; c < 3; c++) {
            assertThat(relativeDifference(actual.get(c), natural.get(c))).as("column %d against DuckDB", c)
                    .isLessThanOrEqualTo(Math.max(1e-9, 4 * spread.get(c)));
            assertThat(relativeDifference(actual.get(c), exact.get(c))).as("column %d against the exact variance", c)
                    .isLessThan(1e-5);
        }
    }

    private List<Object> singleRow(String sql) throws SQLException {
        return QueryResultTable.run(planning.database.singleNode(), sql).rows().get(0);
    }

    private static double relativeDifference(Object a, Object b) {
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        return Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
    }

    @Test
    void largeValuesWithATinySpreadAreReallyIllConditioned() throws Exception {
        QueryResultTable expected = QueryResultTable.run(planning.database.singleNode(),
                "SELECT var_samp(r_value) AS v, avg(r_value) AS m FROM readings");
        double variance = ((Number) expected.rows().get(0).get(0)).doubleValue();
        double mean = ((Number) expected.rows().get(0).get(1)).doubleValue();
        assertThat(mean).isGreaterThan(1e9);
        assertThat(variance).isPositive().isLessThan(0.01);
        assertThat(mean * mean / variance).as("condition of the sum-of-squares formula").isGreaterThan(1e20);
    }

    static Stream<Arguments> serverQueries() {
        return Stream.of(
                Arguments.of("SELECT mode(l_quantity) FROM lineitem",
                        "the planner cannot split aggregate MODE"),
                Arguments.of("SELECT listagg(l_shipmode, ',') FROM lineitem",
                        "the planner cannot split aggregate LISTAGG"),
                Arguments.of("SELECT approx_count_distinct(l_partkey) FROM lineitem",
                        "the planner cannot split aggregate APPROX_COUNT_DISTINCT"),
                Arguments.of("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY l_quantity) FROM lineitem",
                        "the planner cannot split"),
                Arguments.of("SELECT bit_xor(DISTINCT l_partkey) FROM lineitem",
                        "the planner cannot split BIT_XOR(DISTINCT ...)"),
                Arguments.of("SELECT median(l_quantity) FROM lineitem", "the planner cannot split aggregate MEDIAN"),
                // Calcite knows EVERY and SOME (as MIN and MAX), DuckDB does not: the server reports DuckDB's error
                Arguments.of("SELECT every(r_flag) FROM readings", "DuckDB could not describe the query"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverQueries")
    void unsplittableAggregateFallsBackToTheServerWithAReason(String sql, String reason) throws Exception {
        planning.assertOnServer(sql, reason);
    }
}
