package io.gizmoedge.worker;

import io.gizmoedge.catalog.ShardBundle;
import io.gizmoedge.catalog.ShardFile;
import io.gizmoedge.catalog.TableDefinition;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a worker's database holds for an assignment: the tables (with their columns) and every
 * file of every table. Two assignments with equal content need no reload. Files are named by their
 * content, so one file can belong to two tables (a table copied from another); a file is therefore
 * identified with its table, and a table without files still counts.
 */
record ServedContent(List<TableDefinition> tables, Set<ShardFile> files) {
    ServedContent {
        tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
        files = Set.copyOf(Objects.requireNonNull(files, "files"));
    }

    static ServedContent of(List<TableDefinition> tables, List<ShardBundle> bundles) {
        Set<ShardFile> files = new HashSet<>();
        bundles.forEach(bundle -> files.addAll(bundle.files()));
        return new ServedContent(tables, files);
    }
}
