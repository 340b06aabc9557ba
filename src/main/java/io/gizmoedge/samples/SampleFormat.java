package io.gizmoedge.samples;

/** A file format sample files are written in: its file name extension and DuckDB's COPY options for it. */
public enum SampleFormat {
    PARQUET("parquet", "FORMAT parquet, COMPRESSION zstd", "read_parquet"),
    CSV("csv", "FORMAT csv, HEADER true", "read_csv"),
    JSON("json", "FORMAT json", "read_json");

    private final String extension;
    private final String copyOptions;
    private final String readFunction;

    SampleFormat(String extension, String copyOptions, String readFunction) {
        this.extension = extension;
        this.copyOptions = copyOptions;
        this.readFunction = readFunction;
    }

    public String extension() {
        return extension;
    }

    /** The options of DuckDB's {@code COPY ... TO} for this format. */
    String copyOptions() {
        return copyOptions;
    }

    /** The DuckDB table function that reads this format back ({@code read_parquet}, {@code read_csv}, {@code read_json}). */
    public String readFunction() {
        return readFunction;
    }
}
