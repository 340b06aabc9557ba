package io.gizmoedge.demo;

import io.gizmoedge.samples.SampleDataset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code gizmo-edge demo --dataset} runs: where the data comes from, how it is placed and
 * which queries are checked. {@link #TPCH} is bootstrap's TPC-H; the others start from an empty
 * catalog and load sample files as an admin would, with the SQL statements of {@link #loadStatements()}
 * (paths relative to the server's import directory).
 */
public enum DemoDataset {
    /** TPC-H generated and placed by bootstrap. */
    TPCH(Optional.empty(), List.of(), QuerySet.TPCH, "lineitem"),

    /**
     * The Star Schema Benchmark from files. Line orders follow their customer, so the joins with
     * customer are local; supplier, part and dates are small and replicated (supplier from CSV).
     */
    SSB(Optional.of(SampleDataset.SSB), List.of(
            "CREATE TABLE customer DISTRIBUTED BY (c_custkey) AS SELECT * FROM read_parquet('ssb/customer.parquet')",
            "CREATE TABLE lineorder DISTRIBUTED LIKE customer ON (lineorder.lo_custkey = customer.c_custkey)"
                    + " AS SELECT * FROM read_parquet('ssb/lineorder.parquet')",
            "CREATE TABLE supplier REPLICATED AS SELECT * FROM read_csv('ssb/supplier.csv')",
            "CREATE TABLE part REPLICATED AS SELECT * FROM read_parquet('ssb/part.parquet')",
            "CREATE TABLE dates REPLICATED AS SELECT * FROM read_parquet('ssb/dates.parquet')"),
            QuerySet.SSB, "lineorder"),

    /** TPC-H from files, placed as bootstrap places it (nation from JSON). */
    TPCH_FILES(Optional.of(SampleDataset.TPCH), List.of(
            "CREATE TABLE customer DISTRIBUTED BY (c_custkey) AS SELECT * FROM read_parquet('tpch/customer.parquet')",
            "CREATE TABLE orders DISTRIBUTED LIKE customer ON (orders.o_custkey = customer.c_custkey)"
                    + " AS SELECT * FROM read_parquet('tpch/orders.parquet')",
            "CREATE TABLE lineitem DISTRIBUTED LIKE orders ON (lineitem.l_orderkey = orders.o_orderkey)"
                    + " AS SELECT * FROM read_parquet('tpch/lineitem.parquet')",
            "CREATE TABLE part REPLICATED AS SELECT * FROM read_parquet('tpch/part.parquet')",
            "CREATE TABLE partsupp REPLICATED AS SELECT * FROM read_parquet('tpch/partsupp.parquet')",
            "CREATE TABLE supplier REPLICATED AS SELECT * FROM read_parquet('tpch/supplier.parquet')",
            "CREATE TABLE nation REPLICATED AS SELECT * FROM read_json('tpch/nation.json')",
            "CREATE TABLE region REPLICATED AS SELECT * FROM read_parquet('tpch/region.parquet')"),
            QuerySet.TPCH, "lineitem");

    private final Optional<SampleDataset> sampleFiles;
    private final List<String> loadStatements;
    private final QuerySet queries;
    private final String largestTable;

    DemoDataset(Optional<SampleDataset> sampleFiles, List<String> loadStatements, QuerySet queries, String largestTable) {
        this.sampleFiles = sampleFiles;
        this.loadStatements = List.copyOf(loadStatements);
        this.queries = queries;
        this.largestTable = largestTable;
    }

    /** The name on the command line: tpch, ssb or tpch-files. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The sample files the demo loads; empty when bootstrap generates the data. */
    public Optional<SampleDataset> sampleFiles() {
        return sampleFiles;
    }

    /** The statements that load the sample files into an empty catalog, parents first. */
    public List<String> loadStatements() {
        return loadStatements;
    }

    /** The queries the demo checks against single-node DuckDB. */
    public QuerySet queries() {
        return queries;
    }

    /** A query over the largest partitioned table: it runs distributed once every shard is served. */
    public String readinessProbe() {
        return "SELECT count(*) FROM " + largestTable;
    }

    /** The dataset called {@code name} on the command line. */
    public static DemoDataset fromCliName(String name) {
        for (DemoDataset dataset : values()) {
            if (dataset.cliName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return dataset;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a demo dataset; use tpch, ssb or tpch-files");
    }
}
