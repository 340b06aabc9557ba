package io.gizmoedge.loading;

/** A data statement that cannot be carried out; the message is one line for the user, and nothing changed. */
public final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public LoadException(String message) {
        super(message);
    }

    public LoadException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A statement named a table the catalog does not have. */
    public static LoadException noSuchTable(String table) {
        return new LoadException("table " + table + " does not exist (SHOW TABLES lists the tables)");
    }
}
