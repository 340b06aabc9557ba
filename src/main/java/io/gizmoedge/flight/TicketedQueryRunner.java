package io.gizmoedge.flight;

import io.gizmoedge.engine.Cancellation;
import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.security.UserAccount;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a query whose ticket is being read and streams its answer: through the {@link QueryBackend}
 * (the coordinator) into an {@link ArrowStreamForwarder}; a failure ends the stream with one line
 * (CANCELLED when the query was cancelled, INVALID_ARGUMENT when it failed, INTERNAL for a fault).
 */
final class TicketedQueryRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TicketedQueryRunner.class);
    private static final Schema NO_COLUMNS = new Schema(List.of());

    private final QueryBackend backend;
    private final BufferAllocator allocator;

    TicketedQueryRunner(QueryBackend backend, BufferAllocator allocator) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
    }

    /** Runs {@code query} and forwards its answer to {@code listener}, ending the stream one way or the other. */
    void run(FlightQueries.TicketedQuery query, QueryOptions options, ServerStreamListener listener) {
        Cancellation cancellation = query.cancellation();
        String user = UserAccount.printable(query.session().user());
        try (ArrowStreamForwarder forwarder = new ArrowStreamForwarder(listener, allocator, cancellation)) {
            try {
                if (cancellation.isCancelled()) {
                    throw new StatementFailedException(cancellation.reason().orElse("query cancelled"));
                }
                long rows = backend.execute(query.sql(), options, query.session(), forwarder, cancellation);
                forwarder.complete(NO_COLUMNS);
                LOG.info("Flight SQL query of '{}' (session {}): {} rows", user, query.session().id(), rows);
            } catch (StatementFailedException e) {
                LOG.info("Flight SQL query of '{}' (session {}) failed: {}", user, query.session().id(), e.getMessage());
                listener.error(failure(cancellation, e.getMessage()));
            } catch (IOException e) {
                LOG.info("Flight SQL query of '{}' (session {}) stopped: {}", user, query.session().id(), e.getMessage());
                listener.error(failure(cancellation, "sending the answer failed"));
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Flight SQL query of '{}' (session {}) hit an internal error", user, query.session().id(), e);
            cancellation.cancel("internal error");
            listener.error(CallStatus.INTERNAL.withDescription(FlightCalls.INTERNAL_ERROR).toRuntimeException());
        }
    }

    private static FlightRuntimeException failure(Cancellation cancellation, String message) {
        if (cancellation.isCancelled()) {
            return CallStatus.CANCELLED.withDescription(cancellation.reason().orElse("query cancelled")).toRuntimeException();
        }
        return CallStatus.INVALID_ARGUMENT.withDescription(message).toRuntimeException();
    }

}
