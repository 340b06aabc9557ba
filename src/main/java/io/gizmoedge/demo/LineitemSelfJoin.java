package io.gizmoedge.demo;

/**
 * A query that keeps every worker busy for seconds and answers one number: lineitem joined with
 * itself {@code tables - 1} times on {@code l_orderkey}, its co-location key, so it runs distributed
 * and each worker joins only its own shards. What failover, cancellation and timeout checks run.
 */
public final class LineitemSelfJoin {
    private LineitemSelfJoin() {
    }

    /** {@code SELECT count(*) AS n FROM lineitem a JOIN lineitem b ON a.l_orderkey = b.l_orderkey ...} over {@code tables} copies (2..26). */
    public static String of(int tables) {
        if (tables < 2 || tables > 26) {
            throw new IllegalArgumentException("a self-join of lineitem takes 2 to 26 copies, not " + tables);
        }
        StringBuilder sql = new StringBuilder("SELECT count(*) AS n FROM lineitem a");
        for (int i = 1; i < tables; i++) {
            char alias = (char) ('a' + i);
            sql.append(" JOIN lineitem ").append(alias).append(" ON a.l_orderkey = ").append(alias).append(".l_orderkey");
        }
        return sql.toString();
    }
}
