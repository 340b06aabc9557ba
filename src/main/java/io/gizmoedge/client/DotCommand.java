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

    /** {@code .help} */
    record Help() implements DotCommand {
    }

    /** {@code .quit} or {@code .exit} */
    record Quit() implements DotCommand {
    }
}
