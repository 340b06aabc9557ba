package io.gizmoedge.server;

import java.util.List;

/**
 * One worker's answer to a stage: its Arrow frame payloads in order when they were kept, or none
 * when they were streamed on as they arrived; {@code bytes} counts them either way.
 */
record StageResult(List<byte[]> payloads, long rowCount, long bytes) {
    StageResult {
        payloads = List.copyOf(payloads);
        if (rowCount < 0 || bytes < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
