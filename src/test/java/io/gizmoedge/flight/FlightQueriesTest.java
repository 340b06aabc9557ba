package io.gizmoedge.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.security.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class FlightQueriesTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final FlightQueries queries = new FlightQueries(Duration.ofMinutes(10), Duration.ofHours(1), () -> now.get());
    private final FlightSession scott = new FlightSession("s1", "scott", Role.CLIENT, QueryOptions.DEFAULT);
    private final FlightSession scottAgain = new FlightSession("s2", "scott", Role.CLIENT, QueryOptions.DEFAULT);
    private final FlightSession admin = new FlightSession("s3", "admin", Role.ADMIN, QueryOptions.DEFAULT);

    @Test
    void aTicketIsReadOnceAndOnlyByItsUser() {
        FlightQueries.TicketedQuery query = queries.ticket(admin, "SELECT 1");
        assertThat(notFound(() -> queries.start(query.handle(), scott))).isEqualTo(FlightStatusCode.NOT_FOUND);
        assertThat(queries.start(query.handle(), admin).sql()).isEqualTo("SELECT 1");
        assertThat(notFound(() -> queries.start(query.handle(), admin))).isEqualTo(FlightStatusCode.NOT_FOUND);
        queries.finish(query.handle());
        assertThat(queries.ticketed()).isZero();
    }

    @Test
    void anotherSessionOfTheSameUserMayReadIt() {
        FlightQueries.TicketedQuery query = queries.ticket(scott, "SELECT 1");
        assertThat(queries.start(query.handle(), scottAgain).sql()).isEqualTo("SELECT 1");
    }

    @Test
    void cancellingNeedsTheOwnerAndCancelsTheQuery() {
        FlightQueries.TicketedQuery query = queries.ticket(scott, "SELECT 1");
        assertThat(queries.cancel(query.handle(), admin, "query cancelled")).isFalse();
        assertThat(query.cancellation().isCancelled()).isFalse();
        assertThat(queries.cancel(query.handle(), scott, "query cancelled")).isTrue();
        assertThat(query.cancellation().reason()).contains("query cancelled");
    }

    @Test
    void unreadTicketsAndIdlePreparedStatementsExpire() {
        FlightQueries.TicketedQuery query = queries.ticket(scott, "SELECT 1");
        FlightQueries.PreparedQuery prepared = queries.prepare("scott", "SELECT ?", List.of("Int(32, true)"), new Schema(List.of()));
        now.set(now.get().plus(Duration.ofMinutes(11)));
        assertThat(notFound(() -> queries.start(query.handle(), scott))).isEqualTo(FlightStatusCode.NOT_FOUND);
        assertThat(queries.bind(prepared.handle(), "scott", List.of("1")).boundValues()).contains(List.of("1"));
        now.set(now.get().plus(Duration.ofMinutes(61)));
        assertThat(notFound(() -> queries.prepared(prepared.handle(), "scott"))).isEqualTo(FlightStatusCode.NOT_FOUND);
    }

    @Test
    void aPreparedStatementBelongsToItsUser() {
        FlightQueries.PreparedQuery prepared = queries.prepare("scott", "SELECT 1", List.of(), new Schema(List.of()));
        assertThat(notFound(() -> queries.prepared(prepared.handle(), "admin"))).isEqualTo(FlightStatusCode.NOT_FOUND);
        queries.close(prepared.handle(), "admin");
        assertThat(queries.preparedCount()).isEqualTo(1);
        queries.close(prepared.handle(), "scott");
        assertThat(queries.preparedCount()).isZero();
    }

    private static FlightStatusCode notFound(Runnable call) {
        return catchThrowableOfType(FlightRuntimeException.class, call::run).status().code();
    }
}
