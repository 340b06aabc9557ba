package io.gizmoedge.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Directories of this process that texts sent to others must not show: a node's data directory, its
 * temporary directory, DuckDB's home. {@link DuckDbErrors#oneLine} replaces them, wherever they occur
 * in a DuckDB error, with a placeholder such as {@code <data directory>}, so that the errors clients
 * see name no path of the server or a worker.
 *
 * <p>The list belongs to the process (DuckDB errors become user text in many places, and all of them go
 * through {@link DuckDbErrors}): a {@link TableStore} adds its node's directories when it opens and
 * removes them when it closes.
 */
public final class PrivatePaths {
    private static final List<Hidden> HIDDEN = new CopyOnWriteArrayList<>();

    private PrivatePaths() {
    }

    /** A directory and the placeholder that replaces it. */
    private record Hidden(String path, String placeholder) {
        Hidden {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(placeholder, "placeholder");
            if (path.length() < 2) {
                throw new IllegalArgumentException("hiding '" + path + "' would hide every path");
            }
        }
    }

    /** Hides what {@link #hide} added until {@link #close}. */
    public static final class Registration implements AutoCloseable {
        private final List<Hidden> added;

        private Registration(List<Hidden> added) {
            this.added = added;
        }

        @Override
        public void close() {
            added.forEach(HIDDEN::remove);
        }
    }

    /**
     * Hides each directory (as given, absolute, and with symbolic links resolved) behind its
     * placeholder until the registration closes.
     */
    public static Registration hide(Map<Path, String> placeholders) {
        List<Hidden> added = new ArrayList<>();
        placeholders.forEach((directory, placeholder) -> {
            for (String spelling : spellings(directory)) {
                added.add(new Hidden(spelling, placeholder));
            }
        });
        HIDDEN.addAll(added);
        return new Registration(added);
    }

    /** {@code text} with every hidden directory replaced by its placeholder, longest directories first. */
    public static String redact(String text) {
        if (HIDDEN.isEmpty()) {
            return text;
        }
        List<Hidden> longestFirst = new ArrayList<>(HIDDEN);
        longestFirst.sort(Comparator.comparingInt((Hidden hidden) -> hidden.path().length()).reversed());
        String result = text;
        for (Hidden hidden : longestFirst) {
            result = replace(result, hidden.path(), hidden.placeholder());
        }
        return result;
    }

    /** Replaces {@code path} where it is a whole path or a prefix of one ({@code /data} in {@code /data/x}, not in {@code /data2}). */
    private static String replace(String text, String path, String placeholder) {
        StringBuilder out = null;
        int copied = 0;
        int at = text.indexOf(path);
        while (at >= 0) {
            int end = at + path.length();
            if (endsPath(text, end)) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, at).append(placeholder);
                copied = end;
            }
            at = text.indexOf(path, end);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean endsPath(String text, int end) {
        if (end == text.length()) {
            return true;
        }
        char next = text.charAt(end);
        if (next == '.') {
            return end + 1 == text.length() || !isNameCharacter(text.charAt(end + 1));
        }
        return !isNameCharacter(next);
    }

    private static boolean isNameCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private static List<String> spellings(Path directory) {
        List<String> spellings = new ArrayList<>();
        Path absolute = directory.toAbsolutePath().normalize();
        spellings.add(trimSeparator(absolute.toString()));
        try {
            if (Files.exists(absolute)) {
                String real = trimSeparator(absolute.toRealPath().toString());
                if (!spellings.contains(real)) {
                    spellings.add(real);
                }
            }
        } catch (IOException e) {
            // the absolute spelling is what DuckDB was given
        }
        return spellings;
    }

    private static String trimSeparator(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
