package io.gizmoedge.flight;

import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.security.Role;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The bearer tokens of logged-in Flight SQL sessions, held only here: a token is 256 random bits,
 * maps to its {@link FlightSession}, and expires after {@code idleTimeout} without use. Sessions are
 * also found by their id (the peer identity Flight hands the producer), which is not a secret.
 * Tokens are never logged. A session that expires or is closed is handed to {@code ended} (expiry is
 * noticed at the next login or call).
 */
public final class SessionTokens {
    private static final int TOKEN_BYTES = 32;
    private static final int SESSION_ID_BYTES = 12;

    private final Duration idleTimeout;
    private final InstantSource clock;
    private final Consumer<FlightSession> ended;
    private final SecureRandom random = new SecureRandom();
    private final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    private final Map<String, Entry> byToken = new HashMap<>();
    private final Map<String, String> tokenBySessionId = new HashMap<>();

    /** A session and when it was last used. */
    private record Entry(FlightSession session, Instant lastUsed) {
    }

    /** A new session and the bearer token that stands for it. */
    public record Issued(String token, FlightSession session) {
        public Issued {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String toString() {
            return "Issued[session=" + session.id() + "]"; // never the token
        }
    }

    public SessionTokens(Duration idleTimeout, InstantSource clock, Consumer<FlightSession> ended) {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the session idle timeout must be positive");
        }
        this.idleTimeout = idleTimeout;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ended = Objects.requireNonNull(ended, "ended");
    }

    /** Starts a session for {@code user} with the default options. */
    public synchronized Issued issue(String user, Role role) {
        expire();
        String token = randomText(TOKEN_BYTES);
        FlightSession session = new FlightSession(randomText(SESSION_ID_BYTES), user, role, QueryOptions.DEFAULT);
        byToken.put(token, new Entry(session, clock.instant()));
        tokenBySessionId.put(session.id(), token);
        return new Issued(token, session);
    }

    /** The session of {@code token} when the token is known and not expired; using it keeps it alive. */
    public synchronized Optional<FlightSession> authenticate(String token) {
        expire();
        Entry entry = byToken.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        byToken.put(token, new Entry(entry.session(), clock.instant()));
        return Optional.of(entry.session());
    }

    /** The live session with {@code id}. */
    public synchronized Optional<FlightSession> session(String id) {
        String token = tokenBySessionId.get(id);
        Entry entry = token == null ? null : byToken.get(token);
        return entry == null || expired(entry) ? Optional.empty() : Optional.of(entry.session());
    }

    /** Replaces the session {@code id} by {@code change} applied to it; returns the new session. */
    public synchronized Optional<FlightSession> update(String id, UnaryOperator<FlightSession> change) {
        String token = tokenBySessionId.get(id);
        Entry entry = token == null ? null : byToken.get(token);
        if (entry == null || expired(entry)) {
            return Optional.empty();
        }
        FlightSession next = change.apply(entry.session());
        byToken.put(token, new Entry(next, clock.instant()));
        return Optional.of(next);
    }

    /** Ends the session {@code id}: its token is no longer accepted. */
    public synchronized void close(String id) {
        String token = tokenBySessionId.remove(id);
        Entry entry = token == null ? null : byToken.remove(token);
        if (entry != null) {
            ended.accept(entry.session());
        }
    }

    /** Sessions currently live. */
    public synchronized int size() {
        expire();
        return byToken.size();
    }

    private boolean expired(Entry entry) {
        return !entry.lastUsed().plus(idleTimeout).isAfter(clock.instant());
    }

    private void expire() {
        for (Iterator<Map.Entry<String, Entry>> it = byToken.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> next = it.next();
            if (expired(next.getValue())) {
                tokenBySessionId.remove(next.getValue().session().id());
                it.remove();
                ended.accept(next.getValue().session());
            }
        }
    }

    private String randomText(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return encoder.encodeToString(value);
    }
}
