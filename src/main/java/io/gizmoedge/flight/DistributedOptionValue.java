package io.gizmoedge.flight;

import io.gizmoedge.protocol.DistributedMode;
import java.util.Optional;
import org.apache.arrow.flight.SessionOptionValue;
import org.apache.arrow.flight.SessionOptionValueVisitor;

/** The value of the session option {@code gizmo.distributed}, as a client may send it. */
final class DistributedOptionValue {
    private DistributedOptionValue() {
    }

    /** {@code true}, {@code false} or {@code force}, as text or a boolean; empty for anything else. */
    static Optional<DistributedMode> parse(SessionOptionValue value) {
        return value.acceptVisitor(new SessionOptionValueVisitor<Optional<DistributedMode>>() {
            @Override
            public Optional<DistributedMode> visit(String text) {
                try {
                    return Optional.of(DistributedMode.parse(text));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }

            @Override
            public Optional<DistributedMode> visit(boolean flag) {
                return Optional.of(flag ? DistributedMode.TRUE : DistributedMode.FALSE);
            }

            @Override
            public Optional<DistributedMode> visit(long number) {
                return Optional.empty();
            }

            @Override
            public Optional<DistributedMode> visit(double number) {
                return Optional.empty();
            }

            @Override
            public Optional<DistributedMode> visit(String[] texts) {
                return Optional.empty();
            }

            @Override
            public Optional<DistributedMode> visit(Void nothing) {
                return Optional.of(DistributedMode.TRUE); // unset: the default
            }
        });
    }

}
