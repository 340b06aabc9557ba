package io.gizmoedge.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The 22 TPC-H queries of queries/tpch ({@link QuerySet#TPCH}) by number, as the benchmark selects them. */
public final class TpchQueries {
    public static final int COUNT = 22;

    private TpchQueries() {
    }

    public static List<NamedQuery> all() throws IOException {
        return QuerySet.TPCH.all();
    }

    /** The queries numbered {@code numbers}, in that order. */
    public static List<NamedQuery> load(List<Integer> numbers) throws IOException {
        List<NamedQuery> queries = new ArrayList<>();
        for (int number : numbers) {
            queries.add(load(number));
        }
        return queries;
    }

    public static NamedQuery load(int number) throws IOException {
        if (number < 1 || number > COUNT) {
            throw new IllegalArgumentException("TPC-H has queries 1 to " + COUNT + ", not " + number);
        }
        return QuerySet.TPCH.load(QuerySet.TPCH.names().get(number - 1));
    }
}
