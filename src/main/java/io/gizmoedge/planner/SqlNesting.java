package io.gizmoedge.planner;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/** How deeply a parsed statement nests, measured without recursion (the statement may nest deeper than a stack). */
final class SqlNesting {
    private SqlNesting() {
    }

    /** The number of nodes on the longest path from {@code root} down to a leaf. */
    static int depth(SqlNode root) {
        record Level(SqlNode node, int depth) {
        }
        Deque<Level> pending = new ArrayDeque<>();
        pending.push(new Level(root, 1));
        int deepest = 0;
        while (!pending.isEmpty()) {
            Level level = pending.pop();
            deepest = Math.max(deepest, level.depth());
            List<SqlNode> children = level.node() instanceof SqlCall call ? call.getOperandList()
                    : level.node() instanceof SqlNodeList list ? list.getList() : List.of();
            for (SqlNode child : children) {
                if (child != null) {
                    pending.push(new Level(child, level.depth() + 1));
                }
            }
        }
        return deepest;
    }
}
