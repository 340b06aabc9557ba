package io.gizmoedge.loading;

import io.gizmoedge.engine.DuckDbDatabases;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.engine.SqlNames;
import io.gizmoedge.loading.SqlTokenizer.Kind;
import io.gizmoedge.loading.SqlTokenizer.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * The files a load may read: paths in {@code read_parquet}, {@code read_csv} and {@code read_json}
 * (and their variants) are resolved against the server's import directories (a relative path
 * against the first), refused when they lead outside them, and {@code s3://} objects are
 * downloaded first. The query then runs in an import database that DuckDB itself confines to those
 * directories, with no other file access and its configuration locked.
 */
public final class FileSources {
    private static final Set<String> FILE_FUNCTIONS = Set.of("read_parquet", "parquet_scan", "read_csv", "read_csv_auto",
            "read_json", "read_json_auto", "read_ndjson", "read_ndjson_auto", "read_json_objects");

    private final List<Path> importDirectories;
    private final Optional<ObjectFetcher> objectStore;

    /** Brings remote objects ({@code s3://...}) to local files. */
    public interface ObjectFetcher {
        /** True when {@code location} names a remote object this fetcher reads. */
        boolean handles(String location);

        /** Downloads the objects {@code location} names (a glob may match several) into {@code directory}. */
        List<Path> fetch(String location, Path directory) throws LoadException;
    }

    public FileSources(List<Path> importDirectories, Optional<ObjectFetcher> objectStore) {
        List<Path> real = new ArrayList<>();
        for (Path directory : importDirectories) {
            try {
                real.add(directory.toRealPath());
            } catch (IOException e) {
                throw new IllegalArgumentException("import directory " + directory + " does not exist", e);
            }
        }
        this.importDirectories = List.copyOf(real);
        this.objectStore = objectStore;
    }

    /** True when {@code query} calls a file-reading function. */
    public static boolean readsFiles(String query) throws LoadException {
        List<Token> tokens = SqlTokenizer.tokenize(query);
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (isFileFunction(tokens, i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code query} with every file function's path replaced by the absolute local paths it reads;
     * remote objects are downloaded into {@code downloads}.
     */
    public String resolve(String query, Path downloads) throws LoadException {
        List<Token> tokens = SqlTokenizer.tokenize(query);
        StringBuilder result = new StringBuilder();
        int copied = 0;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (!isFileFunction(tokens, i)) {
                continue;
            }
            int first = i + 2;
            List<Token> paths = new ArrayList<>();
            int end;
            if (first < tokens.size() && tokens.get(first).kind() == Kind.STRING) {
                paths.add(tokens.get(first));
                end = first;
            } else if (first < tokens.size() && tokens.get(first).isSymbol("[")) {
                int j = first + 1;
                while (j < tokens.size() && tokens.get(j).kind() == Kind.STRING) {
                    paths.add(tokens.get(j));
                    if (j + 1 < tokens.size() && tokens.get(j + 1).isSymbol(",")) {
                        j += 2;
                    } else {
                        j++;
                        break;
                    }
                }
                if (j >= tokens.size() || !tokens.get(j).isSymbol("]") || paths.isEmpty()) {
                    throw new LoadException(tokens.get(i).text() + " takes a path or a list of paths written as strings");
                }
                end = j;
            } else {
                throw new LoadException(tokens.get(i).text() + " takes a path written as a string, e.g. "
                        + tokens.get(i).text() + "('events/*.parquet')");
            }
            List<String> local = new ArrayList<>();
            for (Token path : paths) {
                local.addAll(localPaths(path.text(), downloads));
            }
            result.append(query, copied, tokens.get(first).start());
            result.append(local.stream().map(SqlNames::literal).collect(Collectors.joining(", ", "[", "]")));
            copied = tokens.get(end).end();
            i = end;
        }
        result.append(query.substring(copied));
        return result.toString();
    }

    /** An in-memory DuckDB that may read the import directories (and {@code downloads}) and nothing else. */
    public DuckDBConnection openImportDatabase(DuckDbSettings settings, Path downloads) throws LoadException {
        try {
            DuckDBConnection connection = DuckDbDatabases.openInMemory(settings);
            try (Statement statement = connection.createStatement()) {
                List<String> allowed = new ArrayList<>();
                importDirectories.forEach(d -> allowed.add(d + "/"));
                allowed.add(downloads.toRealPath() + "/");
                statement.execute("SET allowed_directories = " + allowed.stream().map(SqlNames::literal)
                        .collect(Collectors.joining(", ", "[", "]")));
                statement.execute("SET arrow_lossless_conversion = true");
                DuckDbDatabases.lockDown(connection);
            } catch (SQLException | IOException e) {
                connection.close();
                throw e;
            }
            return connection;
        } catch (SQLException | IOException e) {
            throw new LoadException("cannot open the import database: " + e.getMessage(), e);
        }
    }

    private List<String> localPaths(String location, Path downloads) throws LoadException {
        if (objectStore.isPresent() && objectStore.get().handles(location)) {
            return objectStore.get().fetch(location, downloads).stream().map(Path::toString).toList();
        }
        if (location.contains("://")) {
            throw new LoadException("cannot read " + location + ": only local paths under the import directories"
                    + (objectStore.isPresent() ? " and s3:// objects" : "") + " can be loaded"
                    + (objectStore.isPresent() ? "" : " (start the server with --s3-endpoint/--s3-region to read s3://)"));
        }
        if (importDirectories.isEmpty()) {
            throw new LoadException("no file can be read: start the server with --import-path=DIR to load files from DIR");
        }
        Path path;
        try {
            Path given = Path.of(location);
            path = (given.isAbsolute() ? given : importDirectories.get(0).resolve(given)).normalize();
        } catch (InvalidPathException e) {
            throw new LoadException("not a valid path: " + location);
        }
        Path literalPart = literalPrefix(path);
        Path real;
        try {
            real = Files.exists(literalPart) ? literalPart.toRealPath() : literalPart;
        } catch (IOException e) {
            throw new LoadException("cannot read " + location + ": " + e.getMessage());
        }
        if (importDirectories.stream().noneMatch(real::startsWith) || importDirectories.stream().noneMatch(path::startsWith)) {
            throw new LoadException("cannot read " + location + ": it is outside the import directories ("
                    + importDirectories.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")");
        }
        if (!hasGlob(path) && !Files.isRegularFile(path)) {
            throw new LoadException("file " + location + " does not exist under " + importDirectories.get(0));
        }
        return List.of(path.toString());
    }

    /** The leading part of {@code path} without glob characters. */
    private static Path literalPrefix(Path path) {
        Path prefix = path.getRoot();
        for (Path part : path) {
            if (hasGlob(part)) {
                break;
            }
            prefix = prefix == null ? part : prefix.resolve(part);
        }
        return prefix;
    }

    private static boolean hasGlob(Path path) {
        String text = path.toString();
        return text.contains("*") || text.contains("?") || text.contains("[") || text.contains("{");
    }

    private static boolean isFileFunction(List<Token> tokens, int i) {
        return tokens.get(i).kind() == Kind.WORD && FILE_FUNCTIONS.contains(tokens.get(i).text().toLowerCase(Locale.ROOT))
                && i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(");
    }
}
