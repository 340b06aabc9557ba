package io.gizmoedge.client;

/** The line after a result: {@code (N rows, 12 ms)}, saying how many rows were left out if any. */
public final class ResultFooter {
    private ResultFooter() {
    }

    /**
     * @param totalRows rows in the result
     * @param shownRows rows written
     * @param elapsedMillis time the client waited for the result
     */
    public static String describe(long totalRows, long shownRows, long elapsedMillis) {
        String rows = totalRows == 1 ? "1 row" : totalRows + " rows";
        if (shownRows < totalRows) {
            return "(" + rows + ", " + elapsedMillis + " ms; showing the first " + shownRows + ", "
                    + (totalRows - shownRows) + " omitted: raise --max-result-set-rows to see more)";
        }
        return "(" + rows + ", " + elapsedMillis + " ms)";
    }
}
