package io.gizmoedge.querylog;

import io.gizmoedge.protocol.ServerRunCause;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many statements of a set of query log entries ran on the server, and why: per cause, and for
 * the causes that are not the statement's nature ({@link ServerRunCause#byNature}), per reason.
 *
 * @param total statements in all
 * @param byCause statements that ran on the server, per cause (causes without any left out)
 * @param avoidableByReason statements that ran on the server for a cause not of their nature, per reason
 * @param unreadableLines log lines that were no entry (a process killed while writing one)
 */
public record PlacementTally(long total, Map<ServerRunCause, Long> byCause, Map<String, Long> avoidableByReason,
        int unreadableLines) {
    public PlacementTally {
        byCause = Map.copyOf(byCause);
        avoidableByReason = Map.copyOf(avoidableByReason);
        if (total < 0 || unreadableLines < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (byCause.values().stream().mapToLong(Long::longValue).sum() > total) {
            throw new IllegalArgumentException("more statements on the server than statements");
        }
    }

    /** Sums {@code entries}. */
    public static PlacementTally of(Collection<QueryLogEntry> entries, int unreadableLines) {
        Map<ServerRunCause, Long> byCause = new EnumMap<>(ServerRunCause.class);
        Map<String, Long> byReason = new TreeMap<>();
        for (QueryLogEntry entry : entries) {
            entry.serverCause().ifPresent(cause -> {
                byCause.merge(cause, 1L, Long::sum);
                if (!cause.byNature()) {
                    byReason.merge(cause + ": " + (entry.reason().isEmpty() ? "(no reason given)" : entry.reason()), 1L,
                            Long::sum);
                }
            });
        }
        return new PlacementTally(entries.size(), byCause, byReason, unreadableLines);
    }

    /** Statements that ran on the server, for whatever cause. */
    public long onServer() {
        return byCause.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Statements that ran on the server although their nature did not ask for it. */
    public long onServerAvoidably() {
        return byCause.entrySet().stream().filter(entry -> !entry.getKey().byNature())
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The share (0 to 1) of all statements that ran on the server; 0 when there were none. */
    public double serverShare() {
        return share(onServer());
    }

    /** The share (0 to 1) of all statements that ran on the server although their nature did not ask for it. */
    public double avoidableServerShare() {
        return share(onServerAvoidably());
    }

    private double share(long count) {
        return total == 0 ? 0 : (double) count / total;
    }
}
