package io.gizmoedge.client;

import io.gizmoedge.protocol.DistributedMode;
import java.util.Objects;

/** A shell command: a line that starts with a dot. Parse one with {@link DotCommandParser}. */
public sealed interface DotCommand {

    /** {@code .set distributed = true|false|force} */
    record SetDistributed(DistributedMode mode) implements DotCommand {
        public SetDistributed {
            Objects.requireNonNull(mode, "mode");
        }
    }

    /** {@code .set summarize = true|false} */
    record SetSummarize(boolean summarize) implements DotCommand {
    }

    /** {@code .show}: the current settings and connection. */
    record Show() implements DotCommand {
    }

    /** {@code .explain QUERY}: how the server would run the query (its stages), without running it. */
    record Explain(String query) implements DotCommand {
        public Explain {
            Objects.requireNonNull(query, "query");
            if (query.isBlank()) {
                throw new IllegalArgumentException("usage: .explain QUERY");
            }
        }
    }

    /** {@code .help} */
    record Help() implements DotCommand {
    }

    /** {@code .quit} or {@code .exit} */
    record Quit() implements DotCommand {
    }
}
