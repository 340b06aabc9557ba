package io.gizmoedge.bootstrap;

import io.gizmoedge.catalog.TablePlacement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TPC-H placement, as the declarations a user would write: customer DISTRIBUTED BY (c_custkey),
 * orders DISTRIBUTED LIKE customer, lineitem DISTRIBUTED LIKE orders, the other five REPLICATED.
 * So a customer, its orders and their line items share a shard.
 */
public final class TpchPlacement {
    private TpchPlacement() {
    }

    /** Every TPC-H table with its placement, parents before the tables that follow them. */
    public static Map<String, TablePlacement> tables() {
        Map<String, TablePlacement> tables = new LinkedHashMap<>();
        tables.put("customer", new TablePlacement.DistributedBy("c_custkey"));
        tables.put("orders", new TablePlacement.DistributedLike("customer", "o_custkey", "c_custkey"));
        tables.put("lineitem", new TablePlacement.DistributedLike("orders", "l_orderkey", "o_orderkey"));
        for (String replicated : new String[] {"part", "partsupp", "supplier", "nation", "region"}) {
            tables.put(replicated, new TablePlacement.Replicated());
        }
        return tables;
    }
}
