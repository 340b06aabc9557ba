package io.gizmoedge.client;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * Where the client writes.
 *
 * @param data result rows (standard output)
 * @param messages row counts, timings and summaries: standard output for tables, standard error for
 *     csv and json so that standard output carries only data
 * @param errors error lines (standard error)
 */
public record ClientOutput(PrintWriter data, PrintWriter messages, PrintWriter errors) {
    public ClientOutput {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(errors, "errors");
    }

    /** Everything to one writer, as in the interactive shell. */
    public static ClientOutput single(PrintWriter writer) {
        return new ClientOutput(writer, writer, writer);
    }

    /** Data to {@code out}; messages to {@code out} for tables, to {@code err} for csv and json. */
    public static ClientOutput forFormat(OutputFormat format, PrintWriter out, PrintWriter err) {
        return new ClientOutput(out, format.isMachineReadable() ? err : out, err);
    }

    public void flush() {
        data.flush();
        messages.flush();
        errors.flush();
    }
}
