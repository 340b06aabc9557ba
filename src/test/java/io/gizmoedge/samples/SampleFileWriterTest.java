package io.gizmoedge.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.bootstrap.OutputExistsException;
import io.gizmoedge.bootstrap.ProgressListener;
import io.gizmoedge.demo.NamedQuery;
import io.gizmoedge.demo.QuerySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Sample files at SF 0.01: every table written and readable, SSB's columns as the spec names them, no silent overwrite. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleFileWriterTest {
    private static final double SCALE_FACTOR = 0.01;

    @TempDir
    static Path output;

    private List<SampleFile> written;

    @BeforeAll
    void writeBothDatasets() throws Exception {
        written = new SampleFileWriter(SCALE_FACTOR, 2).write(output, EnumSet.allOf(SampleDataset.class), false,
                ProgressListener.none());
    }

    @Test
    void writesEveryTableOfBothDatasets() {
        assertThat(written.stream().map(f -> output.relativize(f.path()).toString().replace('\\', '/')))
                .containsExactly("tpch/customer.parquet", "tpch/orders.parquet", "tpch/lineitem.parquet",
                        "tpch/part.parquet", "tpch/partsupp.parquet", "tpch/supplier.parquet", "tpch/nation.parquet",
                        "tpch/region.parquet", "tpch/nation.json",
                        "ssb/lineorder.parquet", "ssb/customer.parquet", "ssb/supplier.parquet", "ssb/part.parquet",
                        "ssb/dates.parquet", "ssb/supplier.csv");
        assertThat(written).allSatisfy(file -> {
            assertThat(file.rows()).as(file.path().toString()).isPositive();
            assertThat(file.bytes()).isEqualTo(Files.size(file.path()));
        });
        Map<String, Long> rows = written.stream().collect(Collectors.toMap(
                f -> output.relativize(f.path()).toString().replace('\\', '/'), SampleFile::rows));
        assertThat(rows.get("ssb/lineorder.parquet")).as("one line order per line item").isEqualTo(rows.get("tpch/lineitem.parquet"));
        assertThat(rows.get("ssb/customer.parquet")).isEqualTo(rows.get("tpch/customer.parquet")).isEqualTo(1500);
        assertThat(rows.get("ssb/dates.parquet")).as("1992-01-01 to 1998-12-31").isEqualTo(2557);
        assertThat(rows.get("tpch/nation.json")).isEqualTo(25);
        assertThat(rows.get("ssb/supplier.csv")).isEqualTo(rows.get("ssb/supplier.parquet"));
    }

    @Test
    void ssbTablesHaveTheSpecColumnsAndFormats() throws Exception {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckdb.createStatement()) {
            assertThat(columns(sql, "ssb/lineorder.parquet")).containsExactly("lo_orderkey", "lo_linenumber", "lo_custkey",
                    "lo_partkey", "lo_suppkey", "lo_orderdate", "lo_orderpriority", "lo_shippriority", "lo_quantity",
                    "lo_extendedprice", "lo_ordtotalprice", "lo_discount", "lo_revenue", "lo_supplycost", "lo_tax",
                    "lo_commitdate", "lo_shipmode");
            assertThat(columns(sql, "ssb/dates.parquet")).containsExactly("d_datekey", "d_date", "d_dayofweek", "d_month",
                    "d_year", "d_yearmonthnum", "d_yearmonth", "d_daynuminweek", "d_daynuminmonth", "d_daynuminyear",
                    "d_monthnuminyear", "d_weeknuminyear", "d_sellingseason", "d_lastdayinweekfl", "d_lastdayinmonthfl",
                    "d_holidayfl", "d_weekdayfl");
            assertThat(columns(sql, "ssb/customer.parquet")).containsExactly("c_custkey", "c_name", "c_address", "c_city",
                    "c_nation", "c_region", "c_phone", "c_mktsegment");
            assertThat(columns(sql, "ssb/supplier.parquet")).containsExactly("s_suppkey", "s_name", "s_address", "s_city",
                    "s_nation", "s_region", "s_phone");
            assertThat(columns(sql, "ssb/part.parquet")).containsExactly("p_partkey", "p_name", "p_mfgr", "p_category",
                    "p_brand1", "p_color", "p_type", "p_size", "p_container");
            assertThat(first(sql, "SELECT d_datekey || ' ' || d_yearmonth || ' ' || d_date FROM " + read("ssb/dates.parquet")
                    + " WHERE d_datekey = 19971231")).isEqualTo("19971231 Dec1997 December 31, 1997");
            assertThat(first(sql, "SELECT min(p_mfgr) || ' ' || min(p_category) || ' ' || min(p_brand1) || ' '"
                    + " || max(p_brand1) FROM " + read("ssb/part.parquet"))).isEqualTo("MFGR#1 MFGR#11 MFGR#1101 MFGR#5540");
            assertThat(first(sql, "SELECT count(*) FROM " + read("ssb/customer.parquet") + " WHERE c_city = 'UNITED KI1'"))
                    .isNotEqualTo("0");
            assertThat(first(sql, "SELECT count(*) FROM read_csv('" + output.resolve("ssb/supplier.csv") + "') c JOIN "
                    + read("ssb/supplier.parquet") + " p USING (s_suppkey, s_name, s_address, s_city, s_nation, s_region,"
                    + " s_phone)")).isEqualTo("100");
        }
    }

    @Test
    void everySsbQueryRunsOnTheFiles() throws Exception {
        List<NamedQuery> queries = QuerySet.SSB.all();
        assertThat(queries).hasSize(13);
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckdb.createStatement()) {
            for (String table : List.of("lineorder", "customer", "supplier", "part", "dates")) {
                sql.execute("CREATE VIEW " + table + " AS SELECT * FROM " + read("ssb/" + table + ".parquet"));
            }
            List<String> empty = new ArrayList<>();
            for (NamedQuery query : queries) {
                try (ResultSet result = sql.executeQuery(query.sql())) {
                    if (!result.next()) {
                        empty.add(query.name());
                    }
                }
            }
            // SF 0.01 is too small for the narrowest filters (one brand, two cities of one nation)
            assertThat(empty).isSubsetOf("q2_3", "q3_3", "q3_4");
        }
    }

    @Test
    void refusesToOverwriteUnlessTold() throws Exception {
        Path lineorder = output.resolve("ssb/lineorder.parquet");
        FileTime before = Files.getLastModifiedTime(lineorder);
        assertThatThrownBy(() -> new SampleFileWriter(SCALE_FACTOR, 1).write(output, Set.of(SampleDataset.SSB), false,
                ProgressListener.none()))
                .isInstanceOf(OutputExistsException.class)
                .hasMessageContaining("lineorder.parquet already exists").hasMessageContaining("--overwrite");
        assertThat(Files.getLastModifiedTime(lineorder)).isEqualTo(before);
        Path other = Files.createDirectories(output.resolve("other/ssb"));
        Files.writeString(other.resolve("dates.parquet"), "not parquet");
        List<SampleFile> replaced = new SampleFileWriter(SCALE_FACTOR, 1).write(output.resolve("other"),
                Set.of(SampleDataset.SSB), true, ProgressListener.none());
        assertThat(replaced).hasSize(6);
        assertThat(Files.size(other.resolve("dates.parquet"))).isGreaterThan(100);
    }

    private String read(String file) {
        return "read_parquet('" + output.resolve(file) + "')";
    }

    private List<String> columns(Statement sql, String file) throws Exception {
        List<String> names = new ArrayList<>();
        try (ResultSet result = sql.executeQuery("DESCRIBE SELECT * FROM " + read(file))) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        return names;
    }

    private static String first(Statement sql, String query) throws Exception {
        try (ResultSet result = sql.executeQuery(query)) {
            assertThat(result.next()).as(query).isTrue();
            return result.getString(1);
        }
    }

}
