package io.gizmoedge.samples;

import io.trino.tpch.TpchTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A set of sample files, written into its own folder ({@link #directoryName()}) of the output:
 * TPC-H's eight tables as Parquet plus nation as JSON, or the Star Schema Benchmark's five tables
 * ({@link SsbTables}) as Parquet plus supplier as CSV. The extra CSV and JSON files show loading
 * with {@code read_csv} and {@code read_json}.
 */
public enum SampleDataset {
    TPCH,
    SSB;

    /** The TPC-H tables whose key is more than their first column; files are written in key order. */
    private static final Map<String, String> TPCH_KEYS = Map.of("lineitem", "l_orderkey, l_linenumber",
            "partsupp", "ps_partkey, ps_suppkey");

    /** The folder under the output directory, and the dataset's name on the command line: tpch or ssb. */
    public String directoryName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The files of this dataset, in the order they are written. */
    public List<SampleTable> files() {
        return switch (this) {
            case TPCH -> {
                List<SampleTable> files = new ArrayList<>();
                for (TpchTable<?> table : TpchTable.getTables()) {
                    String name = table.getTableName();
                    files.add(new SampleTable(name, SampleFormat.PARQUET,
                            "SELECT * FROM " + name + " ORDER BY " + TPCH_KEYS.getOrDefault(name, "1")));
                }
                files.add(new SampleTable("nation", SampleFormat.JSON, "SELECT * FROM nation ORDER BY n_nationkey"));
                yield List.copyOf(files);
            }
            case SSB -> SsbTables.files();
        };
    }
}
