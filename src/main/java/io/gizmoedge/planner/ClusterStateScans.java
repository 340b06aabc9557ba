package io.gizmoedge.planner;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;

/** Finds the tables of schema {@code gizmo} a converted query reads, in sub-queries too. */
final class ClusterStateScans {
    private ClusterStateScans() {
    }

    /** The names of the {@link ClusterStateTables} that {@code rel} scans. */
    static Set<String> in(RelNode rel) {
        Set<String> found = new TreeSet<>();
        for (RelNode node : TreeNodes.of(rel)) {
            if (node instanceof TableScan scan) {
                List<String> name = scan.getTable().getQualifiedName();
                if (name.size() == 2 && name.get(0).equals(ClusterStateTables.SCHEMA)) {
                    found.add(name.get(1));
                }
            }
        }
        return found;
    }
}
