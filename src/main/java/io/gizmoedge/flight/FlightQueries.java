package io.gizmoedge.flight;

import com.google.protobuf.ByteString;
import io.gizmoedge.engine.Cancellation;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Flight SQL endpoint's bookkeeping of statements: queries that have a ticket (from
 * GetFlightInfo until their stream ends, or until they expire unread) and prepared statements (until
 * closed, or idle too long). Every entry records its user; another user's handle is answered as if it
 * did not exist. This is the one place that knows the Flight endpoint's queries, so that a server-wide
 * registry of queries can be fed from here.
 */
public final class FlightQueries {
    private static final int HANDLE_BYTES = 16;
    static final String UNKNOWN_TICKET = "unknown or expired query ticket: ask for the query's FlightInfo again";
    static final String UNKNOWN_PREPARED = "unknown or closed prepared statement: prepare it again";

    private final Duration unreadTicketLifetime;
    private final Duration preparedIdleLifetime;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<Handle, TicketedQuery> queries = new HashMap<>();
    private final Map<Handle, PreparedQuery> prepared = new HashMap<>();

    /**
     * @param unreadTicketLifetime a ticket whose stream has not started this long after it was issued is forgotten
     * @param preparedIdleLifetime a prepared statement not used for this long is closed
     */
    public FlightQueries(Duration unreadTicketLifetime, Duration preparedIdleLifetime, InstantSource clock) {
        this.unreadTicketLifetime = Objects.requireNonNull(unreadTicketLifetime, "unreadTicketLifetime");
        this.preparedIdleLifetime = Objects.requireNonNull(preparedIdleLifetime, "preparedIdleLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An opaque statement handle (random bytes), as Flight SQL carries it. */
    public record Handle(ByteString bytes) {
        public Handle {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * A query that has a ticket.
     *
     * @param session the session that asked for it
     * @param user its user
     * @param sql the statement to run (parameters already bound)
     * @param cancellation cancels it, before or while it runs
     * @param issued when its ticket was issued
     * @param started whether its stream has started (a ticket is read once)
     */
    public record TicketedQuery(Handle handle, FlightSession session, String sql, Cancellation cancellation,
            Instant issued, boolean started) {
        public TicketedQuery {
            Objects.requireNonNull(handle, "handle");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(sql, "sql");
            Objects.requireNonNull(cancellation, "cancellation");
            Objects.requireNonNull(issued, "issued");
        }
    }

    /**
     * A prepared statement.
     *
     * @param sql its text, with {@code ?} for parameters
     * @param parameterTypes DuckDB types of its parameters
     * @param resultSchema the schema of its answer (as reported when it was prepared)
     * @param boundValues SQL literals of the parameters last bound (empty before a bind)
     * @param lastUsed when it was last prepared, bound or executed
     */
    public record PreparedQuery(Handle handle, String user, String sql, List<String> parameterTypes, Schema resultSchema,
            Optional<List<String>> boundValues, Instant lastUsed) {
        public PreparedQuery {
            Objects.requireNonNull(resultSchema, "resultSchema");
            Objects.requireNonNull(handle, "handle");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(sql, "sql");
            parameterTypes = List.copyOf(parameterTypes);
            boundValues = boundValues.map(List::copyOf);
            Objects.requireNonNull(lastUsed, "lastUsed");
        }
    }

    /** Gives {@code sql} of {@code session} a ticket; the query runs when its stream is read. */
    public synchronized TicketedQuery ticket(FlightSession session, String sql) {
        expire();
        TicketedQuery query = new TicketedQuery(newHandle(), session, sql, new Cancellation(), clock.instant(), false);
        queries.put(query.handle(), query);
        return query;
    }

    /**
     * Starts reading the query of {@code handle} for {@code session}'s user.
     *
     * @throws FlightRuntimeException NOT_FOUND when there is no such query for this user, or its stream was read already
     */
    public synchronized TicketedQuery start(Handle handle, FlightSession session) {
        expire();
        TicketedQuery query = queries.get(handle);
        if (query == null || !query.session().user().equals(session.user()) || query.started()) {
            throw CallStatus.NOT_FOUND.withDescription(UNKNOWN_TICKET).toRuntimeException();
        }
        TicketedQuery running = new TicketedQuery(handle, query.session(), query.sql(), query.cancellation(),
                query.issued(), true);
        queries.put(handle, running);
        return running;
    }

    /** Forgets the query of {@code handle} (its stream ended). */
    public synchronized void finish(Handle handle) {
        queries.remove(handle);
    }

    /** Cancels the query of {@code handle} when it is {@code session}'s user's; returns whether there was one to cancel. */
    public synchronized boolean cancel(Handle handle, FlightSession session, String why) {
        TicketedQuery query = queries.get(handle);
        if (query == null || !query.session().user().equals(session.user())) {
            return false;
        }
        queries.remove(handle);
        return query.cancellation().cancel(why);
    }

    /** Cancels every query of the session {@code sessionId} (it closed). */
    public synchronized void cancelSession(String sessionId, String why) {
        queries.values().removeIf(query -> {
            if (query.session().id().equals(sessionId)) {
                query.cancellation().cancel(why);
                return true;
            }
            return false;
        });
    }

    /** Keeps a prepared statement for {@code user}. */
    public synchronized PreparedQuery prepare(String user, String sql, List<String> parameterTypes, Schema resultSchema) {
        expire();
        PreparedQuery statement = new PreparedQuery(newHandle(), user, sql, parameterTypes, resultSchema, Optional.empty(),
                clock.instant());
        prepared.put(statement.handle(), statement);
        return statement;
    }

    /**
     * The prepared statement {@code handle} of {@code user}.
     *
     * @throws FlightRuntimeException NOT_FOUND when there is none for this user
     */
    public synchronized PreparedQuery prepared(Handle handle, String user) {
        expire();
        PreparedQuery statement = prepared.get(handle);
        if (statement == null || !statement.user().equals(user)) {
            throw CallStatus.NOT_FOUND.withDescription(UNKNOWN_PREPARED).toRuntimeException();
        }
        PreparedQuery used = new PreparedQuery(handle, statement.user(), statement.sql(), statement.parameterTypes(),
                statement.resultSchema(), statement.boundValues(), clock.instant());
        prepared.put(handle, used);
        return used;
    }

    /** Records {@code values} (SQL literals) as the parameters of the prepared statement {@code handle}. */
    public synchronized PreparedQuery bind(Handle handle, String user, List<String> values) {
        PreparedQuery statement = prepared(handle, user);
        PreparedQuery bound = new PreparedQuery(handle, user, statement.sql(), statement.parameterTypes(),
                statement.resultSchema(), Optional.of(values), clock.instant());
        prepared.put(handle, bound);
        return bound;
    }

    /** Closes the prepared statement {@code handle} of {@code user}; an unknown handle is not an error. */
    public synchronized void close(Handle handle, String user) {
        PreparedQuery statement = prepared.get(handle);
        if (statement != null && statement.user().equals(user)) {
            prepared.remove(handle);
        }
    }

    /** Queries with a ticket (read or not). */
    public synchronized int ticketed() {
        return queries.size();
    }

    /** Prepared statements open. */
    public synchronized int preparedCount() {
        expire();
        return prepared.size();
    }

    private void expire() {
        Instant now = clock.instant();
        queries.values().removeIf(query -> !query.started() && !query.issued().plus(unreadTicketLifetime).isAfter(now));
        prepared.values().removeIf(statement -> !statement.lastUsed().plus(preparedIdleLifetime).isAfter(now));
    }

    private Handle newHandle() {
        byte[] value = new byte[HANDLE_BYTES];
        random.nextBytes(value);
        return new Handle(ByteString.copyFrom(value));
    }
}
