package io.gizmoedge.bench;

import io.gizmoedge.demo.TpchQueries;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** Which TPC-H queries to run, parsed from a list such as {@code 1,3,6} or {@code 1-5,22}. */
public final class QuerySelection {
    private QuerySelection() {
    }

    /** All 22 queries, in order. */
    public static List<Integer> all() {
        return IntStream.rangeClosed(1, TpchQueries.COUNT).boxed().toList();
    }

    /**
     * The query numbers in {@code text}, in the order given, each once; {@code all} or an empty
     * text means all 22.
     */
    public static List<Integer> parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("all")) {
            return all();
        }
        Set<Integer> numbers = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                throw invalid(text, "it has an empty item");
            }
            int dash = item.indexOf('-');
            if (dash > 0) {
                int from = number(item.substring(0, dash), text);
                int to = number(item.substring(dash + 1), text);
                if (from > to) {
                    throw invalid(text, "the range " + item + " runs backwards");
                }
                IntStream.rangeClosed(from, to).forEach(numbers::add);
            } else {
                numbers.add(number(item, text));
            }
        }
        return new ArrayList<>(numbers);
    }

    private static int number(String item, String text) {
        int value;
        try {
            value = Integer.parseInt(item.trim());
        } catch (NumberFormatException e) {
            throw invalid(text, "'" + item.trim() + "' is not a query number");
        }
        if (value < 1 || value > TpchQueries.COUNT) {
            throw invalid(text, "TPC-H has queries 1 to " + TpchQueries.COUNT + ", not " + value);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("--queries '" + text + "' is not valid: " + why
                + "; give query numbers such as 1,3,6 or a range such as 1-5");
    }
}
