package io.gizmoedge.server;

import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.protocol.ExecutionSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's queries: those running, and the last {@code finishedKept} that ended. Ids are
 * server-wide and increase. Each running query keeps its {@link Cancellation}, through which
 * {@link #cancel} stops it. A statement's text is kept up to {@link #MAX_SQL_CHARACTERS} characters
 * (a 100,000-value IN list is a megabyte: a thousand of them would take a gigabyte). Thread-safe.
 */
public final class QueryRegistry {
    /** What the server keeps of ended queries by default. */
    public static final int DEFAULT_FINISHED_KEPT = 1_000;
    /** The longest statement text kept; longer ones keep their start and their length. */
    public static final int MAX_SQL_CHARACTERS = 16 * 1024;

    private final int finishedKept;
    private final InstantSource clock;
    private final Map<Long, RunningQuery> running = new LinkedHashMap<>();
    private final Deque<QueryInfo> finished = new ArrayDeque<>();
    private long lastId;

    /** What {@link #cancel} did. */
    public enum CancelOutcome {
        /** The query was running and is now cancelled. */
        CANCELLED,
        /** The query had ended (or was being cancelled already): nothing to do. */
        NOT_RUNNING,
        /** No query has this id. */
        UNKNOWN,
        /** The query is another user's, and the caller is no admin. */
        NOT_PERMITTED
    }

    public QueryRegistry(int finishedKept, InstantSource clock) {
        if (finishedKept < 0) {
            throw new IllegalArgumentException("the number of finished queries kept must not be negative");
        }
        this.finishedKept = finishedKept;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Registers a query of session {@code sessionId} that starts now; {@code cancellation} stops it. */
    public synchronized RunningQuery start(long sessionId, Caller caller, String sql, Cancellation cancellation) {
        RunningQuery query = new RunningQuery(++lastId, sessionId, caller, abbreviated(sql), cancellation, clock.instant());
        running.put(query.id, query);
        return query;
    }

    /** The running and kept finished queries {@code viewer} may see, oldest first. */
    public synchronized List<QueryInfo> queries(Caller viewer) {
        List<QueryInfo> visible = new ArrayList<>();
        finished.stream().filter(query -> viewer.mayAccess(query.user())).forEach(visible::add);
        Instant now = clock.instant();
        running.values().stream().filter(query -> viewer.mayAccess(query.caller.user()))
                .forEach(query -> visible.add(query.info(now)));
        return visible;
    }

    /** The number of queries of session {@code sessionId} running now. */
    public synchronized int runningIn(long sessionId) {
        return (int) running.values().stream().filter(query -> query.sessionId == sessionId).count();
    }

    /** Cancels query {@code id} with "query cancelled" when {@code caller} may. */
    public CancelOutcome cancel(Caller caller, long id) {
        RunningQuery query;
        synchronized (this) {
            query = running.get(id);
            if (query == null) {
                Optional<QueryInfo> ended = finished.stream().filter(info -> info.id() == id).findFirst();
                if (ended.isPresent()) {
                    return caller.mayAccess(ended.get().user()) ? CancelOutcome.NOT_RUNNING : CancelOutcome.NOT_PERMITTED;
                }
                // ended longer ago than the history reaches: whose it was is forgotten, and it runs no more
                return id >= 1 && id <= lastId ? CancelOutcome.NOT_RUNNING : CancelOutcome.UNKNOWN;
            }
            if (!caller.mayAccess(query.caller.user())) {
                return CancelOutcome.NOT_PERMITTED;
            }
        }
        return query.cancellation.cancel("query cancelled") ? CancelOutcome.CANCELLED : CancelOutcome.NOT_RUNNING;
    }

    private static String abbreviated(String sql) {
        return sql.length() <= MAX_SQL_CHARACTERS ? sql
                : sql.substring(0, MAX_SQL_CHARACTERS) + "… (" + sql.length() + " characters)";
    }

    private synchronized void end(RunningQuery query, QueryInfo info) {
        if (running.remove(query.id) == null) {
            return; // ended before
        }
        if (finishedKept == 0) {
            return;
        }
        while (finished.size() >= finishedKept) {
            finished.removeFirst();
        }
        finished.addLast(info);
    }

    /** A query from its start until it ends; end it once with {@link #finished} or {@link #failed}. */
    public final class RunningQuery {
        private final long id;
        private final long sessionId;
        private final Caller caller;
        private final String sql;
        private final Cancellation cancellation;
        private final Instant startedAt;

        private RunningQuery(long id, long sessionId, Caller caller, String sql, Cancellation cancellation,
                Instant startedAt) {
            this.id = id;
            this.sessionId = sessionId;
            this.caller = Objects.requireNonNull(caller, "caller");
            this.sql = Objects.requireNonNull(sql, "sql");
            this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
            this.startedAt = startedAt;
        }

        public long id() {
            return id;
        }

        /** The query answered. */
        public void finished(ExecutionSummary summary) {
            Objects.requireNonNull(summary, "summary");
            end(this, new QueryInfo(id, sessionId, caller.user(), sql, QueryState.FINISHED, startedAt,
                    elapsedMillis(clock.instant()), Optional.of(summary), Optional.empty()));
        }

        /** The query failed with {@code message} (the user's line); a cancelled one counts as cancelled. */
        public void failed(String message) {
            QueryState state = cancellation.isCancelled() ? QueryState.CANCELLED : QueryState.FAILED;
            end(this, new QueryInfo(id, sessionId, caller.user(), sql, state, startedAt, elapsedMillis(clock.instant()),
                    Optional.empty(), Optional.of(message)));
        }

        private QueryInfo info(Instant now) {
            return new QueryInfo(id, sessionId, caller.user(), sql, QueryState.RUNNING, startedAt, elapsedMillis(now),
                    Optional.empty(), Optional.empty());
        }

        private long elapsedMillis(Instant now) {
            return Math.max(0, Duration.between(startedAt, now).toMillis());
        }
    }
}
