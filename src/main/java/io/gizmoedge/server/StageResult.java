package io.gizmoedge.server;

import java.util.List;

/** One worker's answer to a stage: its Arrow frame payloads in order. */
record StageResult(String workerName, List<byte[]> payloads, long rowCount) {
    StageResult {
        payloads = List.copyOf(payloads);
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("a stage result carries at least its schema");
        }
    }

    long bytes() {
        return payloads.stream().mapToLong(p -> p.length).sum();
    }
}
