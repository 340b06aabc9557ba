package io.gizmoedge.cli;

/** One line for a failure that reached the command line. */
final class CliErrors {
    private CliErrors() {
    }

    static String describe(Throwable failure) {
        Throwable shown = failure;
        while (shown.getMessage() == null && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage() == null ? shown.toString() : shown.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
