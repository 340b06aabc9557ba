package io.gizmoedge.server;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One connected worker as {@code gizmo.workers} shows it.
 *
 * @param state {@code joining} (no assignment yet), {@code loading} (fetching or loading its
 *     assignment), {@code ready}, {@code idle} (ready, no shards: more workers than shards) or
 *     {@code failed} (could not load its shards; none until it reconnects)
 * @param servedShards the shards of the current catalog version it has loaded and answers for
 * @param bytesCached bytes of the current catalog's files it holds (those it reported at connection,
 *     and those of the shards it loaded since)
 * @param duckdbMemoryBytes the memory its DuckDB held at its last heartbeat that reported it; empty until one did
 */
record WorkerStatus(String name, String address, String state, Set<Integer> servedShards, long bytesCached,
        OptionalLong duckdbMemoryBytes, Instant lastHeard) {
    WorkerStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        servedShards = Set.copyOf(servedShards);
        Objects.requireNonNull(duckdbMemoryBytes, "duckdbMemoryBytes");
        Objects.requireNonNull(lastHeard, "lastHeard");
        if (bytesCached < 0) {
            throw new IllegalArgumentException("bytes cached must not be negative");
        }
        if (duckdbMemoryBytes.isPresent() && duckdbMemoryBytes.getAsLong() < 0) {
            throw new IllegalArgumentException("DuckDB memory must not be negative");
        }
    }
}
