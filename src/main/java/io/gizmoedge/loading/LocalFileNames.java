package io.gizmoedge.loading;

import java.nio.file.Path;

/**
 * Local names for downloaded objects. A key is the store's text, not a path of ours: only its
 * last segment is kept, reduced to letters, digits, {@code .}, {@code _} and {@code -}, without
 * leading dots, and prefixed with the object's number, so {@code ../../x} becomes {@code 00000-x}
 * inside the directory, two keys never share a name, and the extension DuckDB goes by is kept.
 */
final class LocalFileNames {
    private static final int MAX_NAME_CHARS = 120;

    private LocalFileNames() {
    }

    /** The file for the {@code index}th object, {@code key}, directly inside {@code directory}. */
    static Path of(Path directory, int index, String key) {
        if (index < 0) {
            throw new IllegalArgumentException("object index must not be negative");
        }
        String name = key.substring(key.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.+", "");
        if (name.length() > MAX_NAME_CHARS) {
            name = name.substring(name.length() - MAX_NAME_CHARS); // the end holds the extension
        }
        Path file = directory.resolve(String.format("%05d-%s", index, name.isEmpty() ? "object" : name));
        if (!directory.equals(file.getParent()) || !file.normalize().equals(file)) {
            throw new IllegalStateException("object name " + file.getFileName() + " leaves its directory");
        }
        return file;
    }
}
