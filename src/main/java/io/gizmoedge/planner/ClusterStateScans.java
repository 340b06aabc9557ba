package io.gizmoedge.planner;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;

/** Finds the tables of schema {@code gizmo} a converted query reads, in sub-queries too. */
final class ClusterStateScans {
    private ClusterStateScans() {
    }

    /** The names of the {@link ClusterStateTables} that {@code rel} scans. */
    static Set<String> in(RelNode rel) {
        Set<String> found = new TreeSet<>();
        collect(rel, found);
        return found;
    }

    private static void collect(RelNode rel, Set<String> found) {
        RexShuttle subQueries = new RexShuttle() {
            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                collect(subQuery.rel, found);
                return super.visitSubQuery(subQuery);
            }
        };
        rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                if (other instanceof TableScan scan) {
                    List<String> name = scan.getTable().getQualifiedName();
                    if (name.size() == 2 && name.get(0).equals(ClusterStateTables.SCHEMA)) {
                        found.add(name.get(1));
                    }
                }
                other.accept(subQueries);
                return super.visit(other);
            }
        });
    }
}
