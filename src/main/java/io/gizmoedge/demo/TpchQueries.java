package io.gizmoedge.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** The 22 TPC-H queries of queries/tpch, as shipped in the jar. */
public final class TpchQueries {
    public static final int COUNT = 22;

    /** One query: its name (q01 ... q22) and SQL text without the trailing semicolon. */
    public record TpchQuery(String name, String sql) {
    }

    private TpchQueries() {
    }

    public static List<TpchQuery> all() throws IOException {
        return load(IntStream.rangeClosed(1, COUNT).boxed().toList());
    }

    /** The queries numbered {@code numbers}, in that order. */
    public static List<TpchQuery> load(List<Integer> numbers) throws IOException {
        List<TpchQuery> queries = new ArrayList<>();
        for (int number : numbers) {
            queries.add(load(number));
        }
        return queries;
    }

    public static TpchQuery load(int number) throws IOException {
        String name = String.format(Locale.ROOT, "q%02d", number);
        try (InputStream in = TpchQueries.class.getResourceAsStream("/queries/tpch/" + name + ".sql")) {
            if (in == null) {
                throw new IOException("query " + name + " is missing from the build (queries/tpch/" + name + ".sql)");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (text.endsWith(";")) {
                text = text.substring(0, text.length() - 1).strip();
            }
            return new TpchQuery(name, text);
        }
    }
}
