package io.gizmoedge.planner;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A {@link ConstantList} as a table Calcite validates against; scans of it find their list again
 * through {@link #of(RelOptTable)}. Never executed by Calcite.
 */
final class ConstantListTable extends AbstractTable {
    private final ConstantList list;

    ConstantListTable(ConstantList list) {
        this.list = Objects.requireNonNull(list, "list");
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return list.rowType(typeFactory);
    }

    /** The constant list {@code table} is, if it is one. */
    static Optional<ConstantList> of(RelOptTable table) {
        ConstantListTable constants = table.unwrap(ConstantListTable.class);
        return constants == null ? Optional.empty() : Optional.of(constants.list);
    }

    /** The constant lists {@code rel} reads, by name. */
    static List<ConstantList> readBy(RelNode rel) {
        Map<String, ConstantList> byName = new TreeMap<>();
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof TableScan scan) {
                    of(scan.getTable()).ifPresent(list -> byName.put(list.name(), list));
                }
                super.visit(node, ordinal, parent);
            }
        }.go(rel);
        return List.copyOf(byName.values());
    }
}
