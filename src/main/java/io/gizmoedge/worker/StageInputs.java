package io.gizmoedge.worker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The input tables of the stages about to run on this worker, by the request id the server gave
 * each, as their frames arrive: from the server, and from other workers that send their parts of
 * moved rows directly ({@link PeerListener}).
 */
final class StageInputs {
    /** How many ended stages are remembered, so that rows still arriving for them are dropped. */
    private static final int ENDED_REMEMBERED = 10_000;

    private final Supplier<ReceivedInputs> newInputs;
    private final Map<Long, ReceivedInputs> byRequest = new ConcurrentHashMap<>();
    /** Stages that started or were dropped: a frame for one (a sender that was slow to stop) is not kept. */
    private final Set<Long> ended = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > ENDED_REMEMBERED;
        }
    });

    StageInputs(Supplier<ReceivedInputs> newInputs) {
        this.newInputs = newInputs;
    }

    /** Adds one Arrow payload of table {@code table} to the inputs of stage {@code requestId}. */
    void add(long requestId, String table, byte[] payload) {
        synchronized (ended) {
            if (ended.contains(requestId)) {
                return;
            }
        }
        // past a bound this stores the rows in DuckDB, which holds back reading the connection meanwhile
        byRequest.computeIfAbsent(requestId, id -> newInputs.get()).add(table, payload);
    }

    /** The inputs of stage {@code requestId}, now owned by the caller; empty when none arrived. */
    Optional<ReceivedInputs> take(long requestId) {
        synchronized (ended) {
            ended.add(requestId);
        }
        return Optional.ofNullable(byRequest.remove(requestId));
    }

    /** Drops the inputs of stage {@code requestId}, which will not run. */
    void drop(long requestId) {
        take(requestId).ifPresent(ReceivedInputs::close);
    }

    /** Drops every stage's inputs (the server connection closed: none of them will run; a new one numbers stages anew). */
    void dropAll() {
        byRequest.keySet().forEach(this::drop);
        synchronized (ended) {
            ended.clear();
        }
    }
}
