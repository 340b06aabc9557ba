package io.gizmoedge.server;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What one query measured: when it started, how long planning took, bytes received from workers. */
final class QueryMeasurements {
    final long startedNanos = System.nanoTime();
    long planningMillis;
    long bytesFromWorkers;
    final Set<WorkerConnection> workersUsed = new HashSet<>();
    boolean readAllShards;
    /** What the query survived, for the summary (empty when nothing went wrong). */
    String survived = "";

    /** Forgets the workers of a run that is being started again. */
    void restart(String why) {
        workersUsed.clear();
        readAllShards = false;
        survived = why;
    }

    long elapsedMillis() {
        return millisSince(startedNanos);
    }

    /** Counts a stage that ran on {@code members} and answered {@code results}; returns the bytes they sent. */
    long recordWorkerStage(List<ClusterSnapshot.Member> members, List<StageResult> results, boolean allShards) {
        long bytes = results.stream().mapToLong(StageResult::bytes).sum();
        bytesFromWorkers += bytes;
        members.forEach(member -> workersUsed.add(member.worker()));
        readAllShards |= allShards;
        return bytes;
    }

    static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
