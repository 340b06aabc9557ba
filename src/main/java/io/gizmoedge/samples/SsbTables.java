package io.gizmoedge.samples;

import java.util.List;

/**
 * The Star Schema Benchmark's five tables derived from TPC-H's with DuckDB SQL, the way SSB's
 * dbgen relates to TPC-H's: lineorder is lineitem joined with its order (and the part-supplier's
 * supply cost); customer and supplier get SSB's city (the nation's first nine letters, padded, and
 * a digit: 'UNITED KI1'), nation and region; part gets SSB's manufacturer, category and brand
 * ('MFGR#1', 'MFGR#12', 'MFGR#1221'); the date dimension covers 1992-01-01 to 1998-12-31.
 *
 * <p>Choices where the standard leaves room: the city digit, the brand's last two digits and the
 * color follow from the key and name (key mod 10, key mod 40 + 1, the first word of p_name) rather
 * than from a random stream; dates are keyed yyyymmdd; the date table is called {@code dates}
 * because DATE is a reserved word; selling seasons are Christmas (December), Winter (January,
 * February), Spring (March to May), Summer (June to August) and Fall (September to November);
 * weeks start on Sunday (d_daynuminweek 1) and d_weeknuminyear is (day of year - 1) / 7 + 1;
 * holidays are New Year's Day, July 4 and Christmas Day. Flags are 0 or 1.
 */
final class SsbTables {
    private SsbTables() {
    }

    /** SSB's city: the first nine letters of the nation's name, padded with spaces, and one digit. */
    private static String city(String nation, String key) {
        return "rpad(left(" + nation + ", 9), 9, ' ') || CAST(" + key + " % 10 AS VARCHAR)";
    }

    private static String yyyymmdd(String date) {
        return "CAST(year(" + date + ") * 10000 + month(" + date + ") * 100 + day(" + date + ") AS INTEGER)";
    }

    static final String LINEORDER = """
            SELECT l.l_orderkey AS lo_orderkey, l.l_linenumber AS lo_linenumber, o.o_custkey AS lo_custkey,
                   l.l_partkey AS lo_partkey, l.l_suppkey AS lo_suppkey, %s AS lo_orderdate,
                   o.o_orderpriority AS lo_orderpriority, o.o_shippriority AS lo_shippriority,
                   CAST(l.l_quantity AS INTEGER) AS lo_quantity, l.l_extendedprice AS lo_extendedprice,
                   o.o_totalprice AS lo_ordtotalprice, CAST(l.l_discount * 100 AS INTEGER) AS lo_discount,
                   CAST(l.l_extendedprice * (1 - l.l_discount) AS DECIMAL(15,2)) AS lo_revenue,
                   ps.ps_supplycost AS lo_supplycost, CAST(l.l_tax * 100 AS INTEGER) AS lo_tax,
                   %s AS lo_commitdate, l.l_shipmode AS lo_shipmode
            FROM lineitem l
            JOIN orders o ON l.l_orderkey = o.o_orderkey
            JOIN partsupp ps ON ps.ps_partkey = l.l_partkey AND ps.ps_suppkey = l.l_suppkey
            ORDER BY lo_orderkey, lo_linenumber""".formatted(yyyymmdd("o.o_orderdate"), yyyymmdd("l.l_commitdate"));

    static final String CUSTOMER = """
            SELECT c.c_custkey, c.c_name, c.c_address, %s AS c_city, n.n_name AS c_nation, r.r_name AS c_region,
                   c.c_phone, c.c_mktsegment
            FROM customer c
            JOIN nation n ON c.c_nationkey = n.n_nationkey
            JOIN region r ON n.n_regionkey = r.r_regionkey
            ORDER BY c.c_custkey""".formatted(city("n.n_name", "c.c_custkey"));

    static final String SUPPLIER = """
            SELECT s.s_suppkey, s.s_name, s.s_address, %s AS s_city, n.n_name AS s_nation, r.r_name AS s_region,
                   s.s_phone
            FROM supplier s
            JOIN nation n ON s.s_nationkey = n.n_nationkey
            JOIN region r ON n.n_regionkey = r.r_regionkey
            ORDER BY s.s_suppkey""".formatted(city("n.n_name", "s.s_suppkey"));

    /** TPC-H's p_mfgr is 'Manufacturer#M' and p_brand 'Brand#MN': SSB's category is MFGR#MN. */
    static final String PART = """
            SELECT p_partkey, p_name, 'MFGR#' || right(p_mfgr, 1) AS p_mfgr,
                   'MFGR#' || right(p_brand, 2) AS p_category,
                   'MFGR#' || right(p_brand, 2) || lpad(CAST(p_partkey % 40 + 1 AS VARCHAR), 2, '0') AS p_brand1,
                   split_part(p_name, ' ', 1) AS p_color, p_type, p_size, p_container
            FROM part
            ORDER BY p_partkey""";

    static final String DATES = """
            SELECT %s AS d_datekey,
                   strftime(d, '%%B %%-d, %%Y') AS d_date,
                   dayname(d) AS d_dayofweek,
                   monthname(d) AS d_month,
                   CAST(year(d) AS INTEGER) AS d_year,
                   CAST(year(d) * 100 + month(d) AS INTEGER) AS d_yearmonthnum,
                   strftime(d, '%%b%%Y') AS d_yearmonth,
                   CAST(dayofweek(d) + 1 AS INTEGER) AS d_daynuminweek,
                   CAST(day(d) AS INTEGER) AS d_daynuminmonth,
                   CAST(dayofyear(d) AS INTEGER) AS d_daynuminyear,
                   CAST(month(d) AS INTEGER) AS d_monthnuminyear,
                   CAST((dayofyear(d) - 1) // 7 + 1 AS INTEGER) AS d_weeknuminyear,
                   CASE WHEN month(d) = 12 THEN 'Christmas'
                        WHEN month(d) <= 2 THEN 'Winter'
                        WHEN month(d) <= 5 THEN 'Spring'
                        WHEN month(d) <= 8 THEN 'Summer'
                        ELSE 'Fall' END AS d_sellingseason,
                   CAST(dayofweek(d) = 6 AS INTEGER) AS d_lastdayinweekfl,
                   CAST(d = last_day(d) AS INTEGER) AS d_lastdayinmonthfl,
                   CAST((month(d) = 1 AND day(d) = 1) OR (month(d) = 7 AND day(d) = 4)
                        OR (month(d) = 12 AND day(d) = 25) AS INTEGER) AS d_holidayfl,
                   CAST(dayofweek(d) BETWEEN 1 AND 5 AS INTEGER) AS d_weekdayfl
            FROM (SELECT CAST(range AS DATE) AS d FROM range(DATE '1992-01-01', DATE '1999-01-01', INTERVAL 1 DAY))
            ORDER BY d""".formatted(yyyymmdd("d"));

    /** The five tables as Parquet, and supplier once more as CSV. */
    static List<SampleTable> files() {
        return List.of(
                new SampleTable("lineorder", SampleFormat.PARQUET, LINEORDER),
                new SampleTable("customer", SampleFormat.PARQUET, CUSTOMER),
                new SampleTable("supplier", SampleFormat.PARQUET, SUPPLIER),
                new SampleTable("part", SampleFormat.PARQUET, PART),
                new SampleTable("dates", SampleFormat.PARQUET, DATES),
                new SampleTable("supplier", SampleFormat.CSV, SUPPLIER));
    }
}
