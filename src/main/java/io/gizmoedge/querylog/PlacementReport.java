package io.gizmoedge.querylog;

import io.gizmoedge.protocol.ServerRunCause;
import java.util.Locale;
import java.util.Map;

/** A {@link PlacementTally} as a short Markdown report. */
public final class PlacementReport {

    /** The report of {@code tally}, titled {@code title}. */
    public String markdown(String title, PlacementTally tally) {
        StringBuilder text = new StringBuilder("# ").append(title).append("\n\n");
        text.append(String.format(Locale.ROOT, "- statements: %d%n", tally.total()));
        text.append(String.format(Locale.ROOT, "- on the server: %d (%s)%n", tally.onServer(), percent(tally.serverShare())));
        text.append(String.format(Locale.ROOT, "- on the server although their nature does not need it: %d (%s)%n",
                tally.onServerAvoidably(), percent(tally.avoidableServerShare())));
        if (tally.unreadableLines() > 0) {
            text.append(String.format(Locale.ROOT, "- log lines that were no entry: %d%n", tally.unreadableLines()));
        }
        if (tally.onServer() > 0) {
            text.append("\n| cause | needs the whole database by nature | statements |\n| --- | --- | --- |\n");
        }
        for (ServerRunCause cause : ServerRunCause.values()) {
            long count = tally.byCause().getOrDefault(cause, 0L);
            if (count > 0) {
                text.append("| ").append(cause).append(" | ").append(cause.byNature() ? "yes" : "no").append(" | ")
                        .append(count).append(" |\n");
            }
        }
        if (!tally.avoidableByReason().isEmpty()) {
            text.append("\nOn the server although their nature does not need it, per reason:\n\n");
            tally.avoidableByReason().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(entry -> text.append("- ").append(entry.getValue()).append(" × ").append(entry.getKey())
                            .append('\n'));
        }
        return text.toString();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
