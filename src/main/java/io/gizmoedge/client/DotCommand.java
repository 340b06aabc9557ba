package io.gizmoedge.client;

import io.gizmoedge.protocol.DistributedMode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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

    /** {@code .set timeout = 30s|none}: statements running longer are cancelled by the server ({@link Duration#ZERO}: none). */
    record SetTimeout(Duration timeout) implements DotCommand {
        public SetTimeout {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("a timeout cannot be negative");
            }
        }
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

    /**
     * {@code .import TABLE FROM 'PATH' [PLACEMENT]}: the rows of the client's own files at
     * {@code path} (a file or a glob) are sent to the server and appended to {@code table}, which is
     * created with {@code placement} (such as {@code DISTRIBUTED BY (id)}) when one is given.
     */
    record Import(String table, String path, Optional<String> placement) implements DotCommand {
        public Import {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(placement, "placement");
            if (table.isBlank() || path.isBlank()) {
                throw new IllegalArgumentException("usage: " + DotCommandParser.IMPORT_USAGE);
            }
            placement = placement.map(String::strip).filter(p -> !p.isEmpty());
        }
    }

    /** {@code .help} */
    record Help() implements DotCommand {
    }

    /** {@code .quit} or {@code .exit} */
    record Quit() implements DotCommand {
    }
}
