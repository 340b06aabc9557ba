package io.gizmoedge.server;

/** One worker's answer to a stage, whose payloads went to the stage's target: rows and bytes it sent. */
record StageResult(long rowCount, long bytes) {
    StageResult {
        if (rowCount < 0 || bytes < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
