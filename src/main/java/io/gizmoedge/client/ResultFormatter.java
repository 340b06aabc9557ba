package io.gizmoedge.client;

import java.io.PrintWriter;

/** Writes the rows of a result in one output format. */
public interface ResultFormatter {

    /**
     * Writes the header (if the format has one) and at most {@code maxRows} rows of {@code result}.
     *
     * @param maxRows the most rows to write; 0 or less writes all
     * @return the number of rows written
     */
    long write(QueryResult result, long maxRows, PrintWriter out);
}
