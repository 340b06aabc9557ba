package io.gizmoedge.flight;

import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.StreamListener;
import org.apache.arrow.flight.FlightRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the Flight SQL service turns failures into gRPC statuses: a statement's failure becomes
 * INVALID_ARGUMENT with its one line, anything unexpected INTERNAL without its text (which goes to
 * the server log).
 */
final class FlightCalls {
    private static final Logger LOG = LoggerFactory.getLogger(FlightCalls.class);
    static final String INTERNAL_ERROR =
            "the server could not run this request because of an internal error; the server log has the details";

    private FlightCalls() {
    }

    /** A call that can fail with a message for the user. */
    @FunctionalInterface
    interface Failing<T> {
        T get() throws StatementFailedException;
    }

    /** Runs {@code work}; its failure becomes INVALID_ARGUMENT with its message. */
    static <T> T call(Failing<T> work) {
        try {
            return work.get();
        } catch (StatementFailedException e) {
            throw CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException();
        }
    }

    /** Runs {@code work} for a unary call; anything but a gRPC status becomes INTERNAL without its text. */
    static <T> T guard(String call, Supplier<T> work) {
        try {
            return work.get();
        } catch (FlightRuntimeException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            LOG.error("Flight SQL {} hit an internal error", call, e);
            throw CallStatus.INTERNAL.withDescription(INTERNAL_ERROR).toRuntimeException();
        }
    }

    /** Answers an action with the values {@code work} returns, or its failure. */
    static <T> void respond(StreamListener<T> listener, String call, Supplier<List<T>> work) {
        List<T> values;
        try {
            values = guard(call, work);
        } catch (FlightRuntimeException e) {
            listener.onError(e);
            return;
        }
        values.forEach(listener::onNext);
        listener.onCompleted();
    }
}
