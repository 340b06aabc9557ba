package io.gizmoedge.engine;

import java.sql.SQLException;

/** Client SQL that {@link ClientSqlCheck} refused before DuckDB ran it; the message is the line for the user. */
public final class ClientSqlRefusedException extends SQLException {
    private static final long serialVersionUID = 1L;

    public ClientSqlRefusedException(String message) {
        super(message);
    }
}
