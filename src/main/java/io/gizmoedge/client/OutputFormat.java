package io.gizmoedge.client;

/** How results are written: {@code --output table|csv|json}. */
public enum OutputFormat {
    /** Aligned columns for people, like psql; footers and summaries follow the rows. */
    TABLE,
    /** RFC 4180 CSV with a header row; nothing but data goes to standard output. */
    CSV,
    /** JSON lines: one object per row; nothing but data goes to standard output. */
    JSON;

    /** Whether standard output carries only result data (messages then go to standard error). */
    public boolean isMachineReadable() {
        return this != TABLE;
    }

    /** The formatter for this format. */
    public ResultFormatter formatter() {
        return switch (this) {
            case TABLE -> new TableFormatter(new ArrowValueFormatter());
            case CSV -> new CsvFormatter(new ArrowValueFormatter());
            case JSON -> new JsonLinesFormatter(new ArrowValueFormatter());
        };
    }
}
