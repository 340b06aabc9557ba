package io.gizmoedge.server;

import io.gizmoedge.engine.Cancellation;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The server's client sessions, whatever their transport, and through them their queries
 * ({@link QueryRegistry}). A transport opens a session when a client has logged in, starts a
 * query for every statement it runs, ends each query, and closes the session when the client
 * goes. Thread-safe.
 */
public final class SessionRegistry {
    private final QueryRegistry queries;
    private final InstantSource clock;
    private final Map<Long, ClientSession> sessions = new LinkedHashMap<>();
    private long lastId;

    public SessionRegistry(QueryRegistry queries, InstantSource clock) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A session of {@code caller}, connected from {@code remoteAddress} over {@code transport} (such as {@code websocket}). */
    public synchronized ClientSession open(Caller caller, String remoteAddress, String transport) {
        ClientSession session = new ClientSession(++lastId, caller, remoteAddress, transport, clock.instant());
        sessions.put(session.id, session);
        return session;
    }

    /** The queries of every session. */
    public QueryRegistry queries() {
        return queries;
    }

    /** The open sessions {@code viewer} may see, oldest first. */
    public List<SessionInfo> sessions(Caller viewer) {
        List<ClientSession> visible;
        synchronized (this) {
            visible = sessions.values().stream().filter(session -> viewer.mayAccess(session.caller.user())).toList();
        }
        List<SessionInfo> infos = new ArrayList<>();
        for (ClientSession session : visible) {
            infos.add(new SessionInfo(session.id, session.caller, session.remoteAddress, session.transport,
                    session.connectedAt, queries.runningIn(session.id)));
        }
        return infos;
    }

    private synchronized void close(ClientSession session) {
        sessions.remove(session.id);
    }

    /** One client's session, from its login until it goes; closing it twice is harmless. */
    public final class ClientSession implements AutoCloseable {
        private final long id;
        private final Caller caller;
        private final String remoteAddress;
        private final String transport;
        private final Instant connectedAt;

        private ClientSession(long id, Caller caller, String remoteAddress, String transport, Instant connectedAt) {
            this.id = id;
            this.caller = Objects.requireNonNull(caller, "caller");
            this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
            this.transport = Objects.requireNonNull(transport, "transport");
            this.connectedAt = connectedAt;
        }

        public long id() {
            return id;
        }

        public Caller caller() {
            return caller;
        }

        /** Registers a statement of this session that starts now; {@code cancellation} is what stops it. */
        public QueryRegistry.RunningQuery startQuery(String sql, Cancellation cancellation) {
            return queries.start(id, caller, sql, cancellation);
        }

        @Override
        public void close() {
            SessionRegistry.this.close(this);
        }
    }
}
