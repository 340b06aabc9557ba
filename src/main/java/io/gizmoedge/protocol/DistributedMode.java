package io.gizmoedge.protocol;

import java.util.Locale;

/** The client's {@code .set distributed = ...} setting. */
public enum DistributedMode {
    /** Distribute when the planner proves it correct, otherwise run on the server. */
    TRUE,
    /** Always run on the server's full database. */
    FALSE,
    /** Send the SQL unchanged to every worker and return the union of their answers (raw, not merged). */
    FORCE;

    public static DistributedMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("distributed must be true, false or force, not '" + text.trim() + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
