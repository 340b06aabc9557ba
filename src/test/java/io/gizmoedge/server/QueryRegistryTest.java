package io.gizmoedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.security.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The registry of sessions and queries: ids, states, the bounded history, who sees and stops what. */
class QueryRegistryTest {
    private static final Caller SCOTT = new Caller("scott", Role.CLIENT);
    private static final Caller ALICE = new Caller("alice", Role.CLIENT);
    private static final Caller ADMIN = new Caller("admin", Role.ADMIN);
    private static final ExecutionSummary SUMMARY =
            new ExecutionSummary(ExecutionLocation.DISTRIBUTED, 2, 4, "", 10, 5, 1, 300);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final InstantSource clock = now::get;

    private SessionRegistry registry(int finishedKept) {
        return new SessionRegistry(new QueryRegistry(finishedKept, clock), clock);
    }

    @Test
    void queriesGoFromRunningToTheirEndState() {
        SessionRegistry registry = registry(10);
        SessionRegistry.ClientSession session = registry.open(SCOTT, "127.0.0.1:5000", "websocket");
        QueryRegistry.RunningQuery done = session.startQuery("SELECT 1", new Cancellation());
        QueryRegistry.RunningQuery broken = session.startQuery("SELECT x", new Cancellation());
        Cancellation stoppable = new Cancellation();
        QueryRegistry.RunningQuery stopped = session.startQuery("SELECT 3", stoppable);
        QueryRegistry.RunningQuery running = session.startQuery("SELECT 4", new Cancellation());
        now.set(now.get().plus(Duration.ofMillis(250)));
        done.finished(SUMMARY);
        broken.failed("column 'x' does not exist");
        assertThat(registry.queries().cancel(SCOTT, stopped.id())).isEqualTo(QueryRegistry.CancelOutcome.CANCELLED);
        assertThat(stoppable.reason()).contains("query cancelled");
        stopped.failed("query cancelled");

        List<QueryInfo> queries = registry.queries().queries(SCOTT);
        assertThat(queries).extracting(QueryInfo::state).containsExactly(QueryState.FINISHED, QueryState.FAILED,
                QueryState.CANCELLED, QueryState.RUNNING);
        assertThat(queries).extracting(QueryInfo::id).doesNotHaveDuplicates().contains(running.id());
        assertThat(queries.get(0).summary()).contains(SUMMARY);
        assertThat(queries.get(1).error()).contains("column 'x' does not exist");
        assertThat(queries.get(3).elapsedMillis()).isEqualTo(250);
        assertThat(registry.sessions(SCOTT)).singleElement().satisfies(info -> {
            assertThat(info.runningQueries()).isEqualTo(1);
            assertThat(info.transport()).isEqualTo("websocket");
        });
        assertThat(registry.queries().cancel(SCOTT, done.id())).isEqualTo(QueryRegistry.CancelOutcome.NOT_RUNNING);
        assertThat(registry.queries().cancel(SCOTT, 999)).isEqualTo(QueryRegistry.CancelOutcome.UNKNOWN);
        session.close();
        assertThat(registry.sessions(ADMIN)).isEmpty();
    }

    @Test
    void onlyTheLastFinishedQueriesAreKept() {
        SessionRegistry registry = registry(3);
        SessionRegistry.ClientSession session = registry.open(SCOTT, "a", "websocket");
        QueryRegistry.RunningQuery running = session.startQuery("SELECT 'long'", new Cancellation());
        for (int i = 0; i < 10; i++) {
            session.startQuery("SELECT " + i, new Cancellation()).finished(SUMMARY);
        }
        assertThat(registry.queries().queries(ADMIN)).extracting(QueryInfo::sql)
                .containsExactly("SELECT 7", "SELECT 8", "SELECT 9", "SELECT 'long'");
        assertThat(registry.queries().cancel(SCOTT, running.id() + 1))
                .as("an ended query the history no longer holds").isEqualTo(QueryRegistry.CancelOutcome.NOT_RUNNING);
    }

    @Test
    void longStatementsKeepTheirStartAndLength() {
        SessionRegistry registry = registry(10);
        String sql = "SELECT 1 WHERE 1 IN (" + "1, ".repeat(100_000) + "1)";
        registry.open(SCOTT, "a", "websocket").startQuery(sql, new Cancellation()).finished(SUMMARY);
        String kept = registry.queries().queries(SCOTT).get(0).sql();
        assertThat(kept).startsWith(sql.substring(0, 1000)).endsWith("… (" + sql.length() + " characters)")
                .hasSizeLessThan(QueryRegistry.MAX_SQL_CHARACTERS + 100);
    }

    @Test
    void usersSeeAndStopTheirOwnAndAdminsEverything() {
        SessionRegistry registry = registry(10);
        SessionRegistry.ClientSession scott = registry.open(SCOTT, "a", "websocket");
        SessionRegistry.ClientSession alice = registry.open(ALICE, "b", "flight-sql");
        registry.open(ADMIN, "c", "websocket");
        Cancellation scottsCancellation = new Cancellation();
        QueryRegistry.RunningQuery scottsQuery = scott.startQuery("SELECT 'secret of scott'", scottsCancellation);
        QueryRegistry.RunningQuery alicesQuery = alice.startQuery("SELECT 'secret of alice'", new Cancellation());
        alice.startQuery("SELECT 'ended'", new Cancellation()).finished(SUMMARY);

        assertThat(registry.queries().queries(SCOTT)).extracting(QueryInfo::sql).containsExactly("SELECT 'secret of scott'");
        assertThat(registry.queries().queries(ALICE)).extracting(QueryInfo::user).containsOnly("alice").hasSize(2);
        assertThat(registry.queries().queries(ADMIN)).hasSize(3);
        assertThat(registry.sessions(SCOTT)).extracting(info -> info.caller().user()).containsExactly("scott");
        assertThat(registry.sessions(ADMIN)).hasSize(3);

        assertThat(registry.queries().cancel(ALICE, scottsQuery.id())).isEqualTo(QueryRegistry.CancelOutcome.NOT_PERMITTED);
        assertThat(scottsCancellation.isCancelled()).isFalse();
        assertThat(registry.queries().cancel(SCOTT, alicesQuery.id() + 1))
                .as("another user's ended query").isEqualTo(QueryRegistry.CancelOutcome.NOT_PERMITTED);
        assertThat(registry.queries().cancel(ADMIN, scottsQuery.id())).isEqualTo(QueryRegistry.CancelOutcome.CANCELLED);
        assertThat(scottsCancellation.isCancelled()).isTrue();
        assertThat(registry.queries().cancel(ADMIN, scottsQuery.id())).isEqualTo(QueryRegistry.CancelOutcome.NOT_RUNNING);
    }
}
