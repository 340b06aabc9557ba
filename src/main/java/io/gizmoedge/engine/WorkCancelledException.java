package io.gizmoedge.engine;

import java.io.IOException;

/** The work stopped because it was cancelled; the message is the cancellation's reason, a line for the user. */
public final class WorkCancelledException extends IOException {
    public WorkCancelledException(String reason) {
        super(reason);
    }
}
