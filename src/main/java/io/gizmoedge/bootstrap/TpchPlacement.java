package io.gizmoedge.bootstrap;

import io.gizmoedge.bootstrap.TablePlacement.ShardRoute;
import io.gizmoedge.catalog.ColocationKey;
import java.util.List;

/**
 * The TPC-H default placement: a customer's shard is {@code shard(c_custkey)}; orders follow
 * their customer ({@code shard(o_custkey)}); lineitem follows its order (joined to find the
 * customer); part, partsupp, supplier, nation and region are replicated.
 */
public final class TpchPlacement {
    public static final String CUSTOMER_GROUP = "cust";
    public static final String ORDER_GROUP = "order";

    private TpchPlacement() {
    }

    /** Placements of all eight TPC-H tables, partitioned ones first. */
    public static List<TablePlacement> tables() {
        return List.of(
                TablePlacement.partitioned("customer", List.of(new ColocationKey("c_custkey", CUSTOMER_GROUP)),
                        new ShardRoute("customer c", "c", "c.c_custkey")),
                TablePlacement.partitioned("orders", List.of(
                                new ColocationKey("o_custkey", CUSTOMER_GROUP), new ColocationKey("o_orderkey", ORDER_GROUP)),
                        new ShardRoute("orders o", "o", "o.o_custkey")),
                TablePlacement.partitioned("lineitem", List.of(new ColocationKey("l_orderkey", ORDER_GROUP)),
                        new ShardRoute("lineitem l JOIN orders o ON l.l_orderkey = o.o_orderkey", "l", "o.o_custkey")),
                TablePlacement.replicated("part"),
                TablePlacement.replicated("partsupp"),
                TablePlacement.replicated("supplier"),
                TablePlacement.replicated("nation"),
                TablePlacement.replicated("region"));
    }
}
