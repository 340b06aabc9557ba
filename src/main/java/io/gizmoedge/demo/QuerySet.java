package io.gizmoedge.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A set of query files shipped in the jar as {@code queries/<directory>/<name>.sql} (the build copies
 * the repository's queries/ folder): TPC-H's 22, the Star Schema Benchmark's 13 and the repartitioning checks. The names are
 * listed here because a jar's resources cannot be listed.
 *
 * @param directory the folder under queries/
 * @param names the queries in the order they run
 */
public record QuerySet(String directory, List<String> names) {
    /** TPC-H Q1 to Q22, named q01 ... q22. */
    public static final QuerySet TPCH = new QuerySet("tpch",
            IntStream.rangeClosed(1, 22).mapToObj(n -> String.format(Locale.ROOT, "q%02d", n)).toList());
    /** The Star Schema Benchmark's four flights, Q1.1 to Q4.3, named q1_1 ... q4_3. */
    public static final QuerySet SSB = new QuerySet("ssb", List.of("q1_1", "q1_2", "q1_3", "q2_1", "q2_2", "q2_3",
            "q3_1", "q3_2", "q3_3", "q3_4", "q4_1", "q4_2", "q4_3"));

    /**
     * Queries over TPC-H's tables whose joins, groupings, windows and set operations are not on the
     * tables' distribution keys, so that rows move between workers: r01 ... r09.
     */
    public static final QuerySet REPARTITION = new QuerySet("repartition",
            IntStream.rangeClosed(1, 9).mapToObj(n -> String.format(Locale.ROOT, "r%02d", n)).toList());

    public QuerySet {
        Objects.requireNonNull(directory, "directory");
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a query set needs at least one query");
        }
    }

    /** Every query of the set, in order. */
    public List<NamedQuery> all() throws IOException {
        List<NamedQuery> queries = new ArrayList<>(names.size());
        for (String name : names) {
            queries.add(load(name));
        }
        return queries;
    }

    /** The query called {@code name}. */
    public NamedQuery load(String name) throws IOException {
        String resource = "queries/" + directory + "/" + name + ".sql";
        try (InputStream in = QuerySet.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IOException("query " + name + " is missing from the build (" + resource + ")");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (text.endsWith(";")) {
                text = text.substring(0, text.length() - 1).strip();
            }
            return new NamedQuery(name, text);
        }
    }
}
