package io.gizmoedge.bench;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** How numbers appear in reports: fixed decimals, a dot as separator, "n/a" when unknown. */
final class Figures {
    static final String UNKNOWN = "n/a";

    private Figures() {
    }

    static String millis(OptionalDouble value) {
        return value.isPresent() ? millis(value.getAsDouble()) : UNKNOWN;
    }

    static String millis(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String ratio(OptionalDouble value) {
        return value.isPresent() ? ratio(value.getAsDouble()) : UNKNOWN;
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String optionalMillis(Optional<Double> value) {
        return value.map(Figures::millis).orElse(UNKNOWN);
    }

    static String bytes(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : UNKNOWN;
    }

    static String scaleFactor(double scaleFactor) {
        return scaleFactor == Math.rint(scaleFactor) ? Long.toString((long) scaleFactor)
                : String.format(Locale.ROOT, "%s", scaleFactor);
    }
}
