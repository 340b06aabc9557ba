package io.gizmoedge.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A comma-separated list of counts such as {@code 1,4,11}, each within bounds, each once. */
public final class CountList {
    private CountList() {
    }

    public static List<Integer> parse(String text, String option, int min, int max) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(option + " is empty; give counts such as 1,4,11");
        }
        Set<Integer> counts = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String item = part.trim();
            int value;
            try {
                value = Integer.parseInt(item);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " '" + text + "': '" + item
                        + "' is not a whole number; give counts such as 1,4,11");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(option + " '" + text + "': " + value + " is outside " + min + " to "
                        + max);
            }
            counts.add(value);
        }
        return new ArrayList<>(counts);
    }
}
