package io.gizmoedge.flight;

import io.gizmoedge.protocol.DistributedMode;
import java.util.Optional;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/**
 * The {@value #HEADER} call header ({@code true}, {@code false} or {@code force}), which overrides the
 * session's option for one call. The Flight SQL JDBC driver sends every connection property it does
 * not know as a header, so {@code ?gizmo.distributed=false} in a JDBC URL sets it for a connection.
 */
final class DistributedOptionHeader implements FlightServerMiddleware {
    static final String HEADER = "gizmo.distributed";
    static final Key<DistributedOptionHeader> KEY = Key.of(HEADER);

    private final Optional<DistributedMode> mode;

    private DistributedOptionHeader(Optional<DistributedMode> mode) {
        this.mode = mode;
    }

    /** The mode the call asked for, if it sent the header. */
    Optional<DistributedMode> mode() {
        return mode;
    }

    /** Reads the header of each call; a value other than true, false or force refuses the call. */
    static final class Factory implements FlightServerMiddleware.Factory<DistributedOptionHeader> {
        @Override
        public DistributedOptionHeader onCallStarted(CallInfo info, CallHeaders incomingHeaders, RequestContext context) {
            String value = incomingHeaders.get(HEADER);
            if (value == null || value.isBlank()) {
                return new DistributedOptionHeader(Optional.empty());
            }
            try {
                return new DistributedOptionHeader(Optional.of(DistributedMode.parse(value)));
            } catch (IllegalArgumentException e) {
                throw CallStatus.INVALID_ARGUMENT.withDescription(HEADER + " must be true, false or force").toRuntimeException();
            }
        }
    }

    @Override
    public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
    }

    @Override
    public void onCallCompleted(CallStatus status) {
    }

    @Override
    public void onCallErrored(Throwable err) {
    }
}
