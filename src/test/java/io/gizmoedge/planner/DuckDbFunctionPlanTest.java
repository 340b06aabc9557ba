package io.gizmoedge.planner;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Queries with the DuckDB functions of {@link DuckDbFunctions}, in select lists, filters, grouping keys,
 * aggregates and join conditions: each is distributed and gives single-node DuckDB's answer and types.
 */
class DuckDbFunctionPlanTest extends ShardedPlanningTest {

    static Stream<Arguments> distributedQueries() {
        return Stream.of(
                Arguments.of("casts to text grouped on", "SELECT CAST(o_shippriority AS VARCHAR) AS s, count(*) AS n FROM orders"
                        + " GROUP BY CAST(o_shippriority AS VARCHAR)", false),
                // Calcite types texts of different lengths as CHAR(n) and pads the shorter ones: DuckDB has no CHAR
                Arguments.of("texts of different lengths from CASE", "SELECT o_orderkey, CASE WHEN o_totalprice > 150000"
                        + " THEN 'big' ELSE 'small' END AS size, CASE o_orderstatus WHEN 'F' THEN 'done' WHEN 'O' THEN 'open!'"
                        + " END AS status, coalesce(nullif(o_orderstatus, 'F'), 'none') AS other FROM orders", false),
                Arguments.of("texts of different lengths from UNION ALL and VALUES", "SELECT s, count(*) AS n FROM"
                        + " (SELECT 'a' AS s FROM orders UNION ALL SELECT 'bbb' FROM orders) t GROUP BY s ORDER BY s", true),
                Arguments.of("a join with VALUES of texts of different lengths", "SELECT v.n, count(*) AS c FROM orders o"
                        + " JOIN (VALUES ('F', 'x'), ('OO', 'yy'), ('O', 'zzz')) v(st, n) ON o.o_orderstatus = v.st"
                        + " GROUP BY v.n ORDER BY v.n", true),
                Arguments.of("text literals with a tab, a newline, a quote, a backslash and accents", "SELECT o_orderkey,"
                        + " 'tab\tin' AS t, 'new\nline' AS n, 'quote''s' AS q, '\\' AS b, E'a\\tb' AS e, 'café' AS c"
                        + " FROM orders WHERE o_orderstatus <> 'é'", false),
                Arguments.of("casts of constants that need no rounding, and of columns", "SELECT o_orderkey,"
                        + " CAST(1 AS DECIMAL(10,2)) / 3 AS a, CAST(1.5 AS DECIMAL(4,2)) AS b, CAST(7 AS BIGINT) AS c,"
                        + " CAST(o_totalprice AS INTEGER) AS d, CAST(o_weight AS DECIMAL(10,1)) AS e, CAST(o_totalprice AS VARCHAR) AS f"
                        + " FROM orders", false),
                // Babel applies :: to the whole expression before it, (o_totalprice + 0.5)::INTEGER * 2: the
                // planner writes each :: as a CAST of the primary expression before it, as DuckDB reads it
                Arguments.of(":: casts bind tighter than every operator", "SELECT o_orderkey, o_totalprice + o_shippriority::DOUBLE * 2"
                        + " AS a, -o_totalprice::INTEGER AS b, (o_totalprice + 0.5)::INTEGER AS c, o_orderdate::VARCHAR AS d,"
                        + " o_orderkey::INTEGER::VARCHAR || '-' || o_custkey::VARCHAR AS e, o_weight::DOUBLE PRECISION AS f,"
                        + " o_totalprice::DECIMAL(18, 1) AS g FROM orders WHERE o_orderdate >= '1995-01-01'::DATE", false),
                Arguments.of(":: casts of aggregates, windows and CASE, grouped on", "SELECT o_orderstatus::VARCHAR AS s,"
                        + " sum(o_totalprice)::BIGINT AS t, count(*)::INTEGER + 1 AS n, max(CASE WHEN o_shippriority > 0"
                        + " THEN 1 ELSE 0 END::BOOLEAN::INTEGER) AS m FROM orders GROUP BY o_orderstatus::VARCHAR", false),
                Arguments.of(":: cast of a window function", "SELECT o_orderkey, rank() OVER (PARTITION BY o_custkey"
                        + " ORDER BY o_orderkey)::VARCHAR AS r FROM orders", false),
                // DuckDB's GROUP BY ALL and ORDER BY ALL, which Babel reads as a column named all
                Arguments.of("GROUP BY ALL and ORDER BY ALL", "SELECT o_orderstatus AS s, year(o_orderdate) AS y,"
                        + " sum(o_totalprice) AS t, count(*) + 1 AS n, median(o_totalprice) AS m FROM orders GROUP BY ALL"
                        + " HAVING count(*) > 1 ORDER BY ALL", true),
                Arguments.of("ORDER BY ALL DESC NULLS FIRST with a LIMIT, GROUP BY ALL without groups in a sub-query",
                        "SELECT o_orderpriority, o_orderkey, (SELECT count(*) FROM customer GROUP BY ALL) AS c FROM orders"
                        + " ORDER BY ALL DESC NULLS FIRST LIMIT 7", true),
                Arguments.of("text concatenated with a number, grouped on", "SELECT c_mktsegment || c_nationkey AS k,"
                        + " count(*) AS n FROM customer GROUP BY c_mktsegment || c_nationkey", false),
                Arguments.of("CHAR(n), which DuckDB does not truncate", "SELECT CAST(c_mktsegment AS CHAR(3)) AS s,"
                        + " CAST('BUILDING' AS CHAR(3)) AS t, CAST('BUILDING' AS VARCHAR(2)) AS u, CAST('BUILDING' AS CHAR) AS v,"
                        + " count(*) AS n FROM customer GROUP BY 1, 2, 3, 4", false),
                Arguments.of("strings", "SELECT length(c_name), strlen(c_phone), strpos(c_name, 'o'), instr(c_name, '#'),"
                        + " substr(c_name, 2, 3), substr(c_name, 4), left(c_name, 3), right(c_name, 2), left(c_name, -2),"
                        + " md5(c_name), reverse(c_name), repeat(c_mktsegment, 2) FROM customer", false),
                Arguments.of("ILIKE and NOT ILIKE, with wildcards, without, and with ESCAPE", "SELECT c_name, o_orderkey,"
                        + " c_name NOT ILIKE 'CUSTOMER#1%' AS not_one FROM customer JOIN orders ON c_custkey = o_custkey"
                        + " WHERE c_name ILIKE 'customer#1%' OR c_name ILIKE 'CUSTOMER#2' OR c_name ILIKE 'c%#3$%' ESCAPE '$'", false),
                Arguments.of("concat, which skips NULLs, ltrim and rtrim", "SELECT concat(c_name, '-', c_nationkey, NULL, c_acctbal),"
                        + " concat(NULL, NULL) IS NULL, ltrim('  ' || c_name), ltrim(c_name, 'Cu'), rtrim(c_name || '  '),"
                        + " rtrim(c_name || 'xx', 'x') FROM customer", false),
                Arguments.of("trunc grouped on, and NaN tests", "SELECT trunc(c_acctbal / 100) AS t, trunc(c_nationkey) AS n,"
                        + " count(*) AS c, sum(trunc(c_acctbal)) AS s, bool_or(isnan(CAST(c_acctbal AS DOUBLE)) OR"
                        + " isinf(CAST(c_acctbal AS DOUBLE)) OR NOT isfinite(CAST(c_acctbal AS DOUBLE))) AS odd FROM customer"
                        + " GROUP BY 1, 2", false),
                Arguments.of("string tests", "SELECT starts_with(c_name, 'Cust'), ends_with(c_name, '7'), prefix(c_phone, '1'),"
                        + " suffix(c_phone, '0'), contains(c_name, '#1') FROM customer", false),
                Arguments.of("splitting and padding", "SELECT split_part(c_phone, '-', 2), lpad(c_mktsegment, 12, '*'),"
                        + " rpad(c_mktsegment, 5, '.'), concat_ws('-', c_name, c_nationkey, c_acctbal) FROM customer", false),
                Arguments.of("regular expressions", "SELECT regexp_matches(c_name, '#[12]'), regexp_matches(c_name, 'CUST', 'i'),"
                        + " regexp_full_match(c_phone, '1.*'), regexp_replace(c_name, '[0-9]', 'x'),"
                        + " regexp_replace(c_name, '[0-9]', 'x', 'g'), regexp_extract(c_phone, '([0-9]+)-555', 1),"
                        + " regexp_extract(c_name, '#.') FROM customer", false),
                Arguments.of("greatest, least, ifnull", "SELECT greatest(o_totalprice, 1000), least(o_shippriority, 1),"
                        + " greatest(o_weight, o_shippriority, 0), least(o_orderdate, DATE '1995-01-01'),"
                        + " greatest(o_shippriority, 2.5), ifnull(o_custkey, 0), ifnull(o_weight, -1) FROM orders", false),
                Arguments.of("day and month names", "SELECT dayname(o_orderdate) AS d, monthname(o_orderdate) AS m,"
                        + " count(*) AS n FROM orders GROUP BY 1, 2", false),
                Arguments.of("dates", "SELECT date_trunc('month', o_orderdate), date_trunc('year', o_orderdate),"
                        + " date_trunc('week', o_orderdate + INTERVAL '1' DAY), strftime(o_orderdate, '%Y/%m'),"
                        + " strptime('1995-01-02', '%Y-%m-%d') > o_orderdate, day(o_orderdate), epoch(o_orderdate),"
                        + " make_date(1995, o_shippriority + 1, 1), last_day(o_orderdate) FROM orders", false),
                Arguments.of("date parts", "SELECT date_part('year', o_orderdate) AS y, date_part('Quarter', o_orderdate) AS q,"
                        + " count(*), sum(date_part('dow', o_orderdate)), max(date_part('doy', CAST(o_orderdate AS TIMESTAMP)"
                        + " + INTERVAL '90' MINUTE)), sum(date_part('minute', CAST(o_orderdate AS TIMESTAMP) + INTERVAL '90' MINUTE))"
                        + " FROM orders GROUP BY date_part('year', o_orderdate), date_part('Quarter', o_orderdate) ORDER BY y, q", true),
                Arguments.of("date differences", "SELECT date_diff('day', o_orderdate, DATE '1998-12-31') AS d,"
                        + " datediff('month', o_orderdate, CAST(o_orderdate AS TIMESTAMP) + INTERVAL '40' DAY) AS m,"
                        + " DATE_DIFF('Year', DATE '1990-06-30', o_orderdate) AS y, date_sub('week', o_orderdate, DATE '1998-12-31') AS w,"
                        + " datesub('hour', CAST(o_orderdate AS TIMESTAMP), TIMESTAMP '1999-01-01 12:00:00') AS h,"
                        + " 'date_diff(''day'', a, b)' AS text_with_the_name, count(*) AS n"
                        + " FROM orders GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3", true),
                Arguments.of("date difference in an aggregate and a filter", "SELECT o_orderpriority,"
                        + " sum(date_diff('day', o_orderdate, DATE '1998-12-31')), avg(datediff('quarter', o_orderdate, DATE '1999-01-01'))"
                        + " FROM orders WHERE date_diff('year', o_orderdate, DATE '1998-12-31') < 3"
                        + " GROUP BY o_orderpriority ORDER BY o_orderpriority", true),
                Arguments.of("functions in WHERE", "SELECT c_custkey, length(c_name) FROM customer"
                        + " WHERE starts_with(c_name, 'Customer#1') AND regexp_matches(c_phone, '-555-10')"
                        + " AND greatest(c_nationkey, 3) > 3", false),
                Arguments.of("function as grouping key", "SELECT date_trunc('month', o_orderdate) AS m, count(*), sum(o_totalprice)"
                        + " FROM orders GROUP BY date_trunc('month', o_orderdate) ORDER BY m", true),
                Arguments.of("string key over a join", "SELECT left(c_phone, 2) AS p, count(*), max(strftime(o_orderdate, '%Y'))"
                        + " FROM customer JOIN orders ON c_custkey = o_custkey GROUP BY left(c_phone, 2) ORDER BY p", true),
                Arguments.of("functions inside aggregates", "SELECT sum(length(c_name)), max(date_trunc('quarter', o_orderdate)),"
                        + " min(ifnull(o_weight, 0)), count(DISTINCT split_part(c_phone, '-', 1))"
                        + " FROM customer JOIN orders ON c_custkey = o_custkey", false),
                Arguments.of("function in a join condition", "SELECT count(*) FROM orders JOIN customer"
                        + " ON o_custkey = c_custkey AND left(c_phone, 1) = left(o_orderpriority, 1)", false),
                Arguments.of("join on a function of replicated rows", "SELECT n_name, count(*) FROM customer"
                        + " JOIN nation ON right(n_name, 1) = right(c_phone, 1) GROUP BY n_name ORDER BY n_name", true),
                Arguments.of("unsplittable aggregates by a non-key group", "SELECT o_orderstatus, median(o_totalprice),"
                        + " median(o_shippriority), median(o_weight), median(o_orderdate), count_if(o_weight > 0)"
                        + " FROM orders GROUP BY o_orderstatus ORDER BY o_orderstatus", true),
                Arguments.of("unsplittable aggregates by a co-location key", "SELECT o_custkey, median(o_totalprice),"
                        + " count_if(starts_with(o_orderpriority, '1')) FROM orders GROUP BY o_custkey ORDER BY o_custkey", true),
                Arguments.of("quantiles by a co-location key", "SELECT o_custkey, quantile_cont(o_totalprice, 0.75),"
                        + " quantile_cont(o_shippriority, 0.3), quantile_disc(o_totalprice, 0.5), quantile(o_shippriority, 1),"
                        + " quantile_cont(o_weight, 0) FROM orders GROUP BY o_custkey ORDER BY o_custkey", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributedQueries")
    void duckDbFunctionsAreDistributedAndExact(String name, String sql, boolean ordered) throws Exception {
        planning.assertDistributedAndExact(name, sql, ordered);
    }

    static Stream<Arguments> serverQueries() {
        return Stream.of(
                Arguments.of("SELECT mad(o_totalprice) FROM orders", "the planner does not know the function mad"),
                // with %z DuckDB's result is a TIMESTAMP WITH TIME ZONE, in the session's time zone
                Arguments.of("SELECT strptime(o_orderpriority || ' +0100', '%Y %z') FROM orders",
                        "the planner does not know the function strptime"),
                // DuckDB wants the format constant; the planner cannot type the result without it
                Arguments.of("SELECT strptime('1995', o_orderpriority) FROM orders",
                        "the planner does not know the function strptime"),
                Arguments.of("SELECT median(o_totalprice) FROM orders", "the planner cannot split aggregate MEDIAN"),
                // Calcite would compute these texts while planning, in Java's spelling: 'TRUE', '1.0E20', '.0',
                // and a timestamp without its fraction of a second
                Arguments.of("SELECT o_orderkey, CAST(1 < 2 AS VARCHAR) FROM orders",
                        "the planner leaves this cast of a constant to DuckDB"),
                Arguments.of("SELECT o_orderkey, 'x' || 1e20 FROM orders",
                        "the planner leaves this cast of a constant to DuckDB"),
                Arguments.of("SELECT o_orderkey FROM orders WHERE CAST(-0.0 AS VARCHAR) = o_orderstatus",
                        "the planner leaves this cast of a constant to DuckDB"),
                // Java truncates, DuckDB rounds
                Arguments.of("SELECT o_orderkey, CAST(2.5 AS INTEGER), CAST(-2.5 AS BIGINT) FROM orders",
                        "the planner leaves this cast of a constant to DuckDB"),
                Arguments.of("SELECT o_orderkey, CAST(1.25 AS DECIMAL(2,1)), CAST(2.5e0 AS DECIMAL(2,0)) FROM orders",
                        "the planner leaves this cast of a constant to DuckDB"),
                Arguments.of("SELECT o_orderkey, CAST(TIMESTAMP '2020-01-05 01:02:03.5' AS VARCHAR) FROM orders",
                        "the planner leaves this cast of a constant to DuckDB"),
                Arguments.of("SELECT quantile_cont(o_totalprice, 0.9) FROM orders", "the planner cannot split aggregate QUANTILE_CONT"),
                // DuckDB wants the fraction constant, from 0 to 1
                Arguments.of("SELECT o_custkey, quantile_cont(o_totalprice, o_shippriority) FROM orders GROUP BY o_custkey",
                        "the planner does not know the function quantile_cont"),
                Arguments.of("SELECT o_custkey, quantile_disc(o_totalprice, 1.5) FROM orders GROUP BY o_custkey",
                        "the planner does not know the function quantile_disc"),
                // DOUBLE, not BIGINT, and the part must be known when the query is planned
                Arguments.of("SELECT sum(date_part('epoch', o_orderdate)) FROM orders",
                        "the planner does not know the function date_part"),
                // DuckDB has not implemented this part for differences; the planner cannot type the call
                Arguments.of("SELECT date_diff('era', o_orderdate, DATE '1998-12-31') FROM orders",
                        "the planner does not know the function date_diff"),
                // BigQuery's form, which is not DuckDB's: DuckDB decides
                Arguments.of("SELECT date_diff(o_orderdate, DATE '1998-12-31', DAY) FROM orders",
                        "the planner does not understand the query"),
                // Babel reads a column name there as a time unit, which date_part refuses
                Arguments.of("SELECT date_part(o_orderpriority, o_orderdate) FROM orders",
                        "the planner does not understand the query"),
                // DuckDB expands the star first; the planner cannot before it validates
                Arguments.of("SELECT *, count(*) OVER () FROM orders ORDER BY ALL LIMIT 3",
                        "the planner cannot tell the columns of this GROUP BY ALL or ORDER BY ALL"),
                Arguments.of("SELECT o_orderstatus, rank() OVER (ORDER BY o_orderstatus) FROM orders GROUP BY ALL",
                        "the planner cannot tell the columns of this GROUP BY ALL or ORDER BY ALL"),
                // an array type: Babel cannot read it, and the planner does not guess
                Arguments.of("SELECT o_orderkey::BIGINT[] FROM orders", "the planner cannot tell what a :: cast applies to"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverQueries")
    void otherFunctionsRunOnTheServerWithAReason(String sql, String reason) throws Exception {
        planning.assertOnServer(sql, reason);
    }
}
