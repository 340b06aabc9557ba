package io.gizmoedge.client;

import io.gizmoedge.engine.DuckDbErrors;
import io.gizmoedge.engine.SqlNames;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * The local files an {@code .import} reads: the path or glob expanded by DuckDB (as its readers
 * would expand it), and the DuckDB reader the extension names, with DuckDB's default options.
 *
 * @param reader {@code read_parquet}, {@code read_csv} or {@code read_json}
 * @param files the matching files, in DuckDB's order
 */
public record ImportFiles(String reader, List<String> files) {
    static final String FORMATS = ".parquet, .csv, .tsv, .json, .ndjson or .jsonl (optionally compressed as .gz or .zst)";

    public ImportFiles {
        Objects.requireNonNull(reader, "reader");
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("an import reads at least one file");
        }
    }

    /**
     * Expands {@code path} on {@code duckdb} ({@code ~/} is the home directory; a relative path is
     * relative to the working directory).
     *
     * @throws QueryFailedException when the extension names no known format or nothing matches
     */
    public static ImportFiles resolve(String path, DuckDBConnection duckdb) throws QueryFailedException {
        String expanded = path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
        String reader = readerFor(expanded);
        List<String> files = new ArrayList<>();
        try (Statement statement = duckdb.createStatement();
                ResultSet rows = statement.executeQuery("SELECT file FROM glob(" + SqlNames.literal(expanded) + ")")) {
            while (rows.next()) {
                files.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new QueryFailedException("cannot list the files '" + path + "': " + DuckDbErrors.oneLine(e));
        }
        if (files.isEmpty()) {
            throw new QueryFailedException("no file matches '" + path + "'" + (Path.of(expanded).isAbsolute() ? ""
                    : " (relative to " + Path.of("").toAbsolutePath() + ")") + "; check the path, nothing was sent");
        }
        return new ImportFiles(reader, files);
    }

    /** The DuckDB reader for the extension of {@code path}'s last part. */
    static String readerFor(String path) throws QueryFailedException {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        for (String compression : List.of(".gz", ".zst")) {
            if (name.endsWith(compression)) {
                name = name.substring(0, name.length() - compression.length());
            }
        }
        if (name.endsWith(".parquet")) {
            return "read_parquet";
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            return "read_csv";
        }
        if (name.endsWith(".json") || name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return "read_json";
        }
        throw new QueryFailedException("cannot tell the format of '" + path + "' from its extension: name files (or the glob)"
                + " ending in " + FORMATS);
    }

    /** The query that reads every file. */
    public String query() {
        return "SELECT * FROM " + reader + "(" + files.stream().map(SqlNames::literal)
                .collect(Collectors.joining(", ", "[", "]")) + ")";
    }
}
