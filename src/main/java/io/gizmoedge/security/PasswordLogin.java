package io.gizmoedge.security;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a user name and password the way every endpoint does: a name or source address blocked
 * after failed logins is refused before its password is looked at ({@link LoginThrottle}), the
 * password is checked on the bounded {@link PasswordCheckPool}, and the outcome is counted by the
 * throttle. A password that passed the check in the last minutes is recognised without checking it
 * again ({@link VerifiedLogins}). Each endpoint turns the {@link Outcome} into its own answer (HTTP status, gRPC status).
 */
public final class PasswordLogin {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordLogin.class);
    /** How long a login waits for its password check before it is answered "busy". */
    private static final Duration CHECK_WAIT = Duration.ofSeconds(30);

    private final UserList users;
    private final LoginThrottle throttle;
    private final PasswordCheckPool checks;
    private final VerifiedLogins verified;

    public PasswordLogin(UserList users, LoginThrottle throttle, PasswordCheckPool checks) {
        this(users, throttle, checks, new VerifiedLogins(VerifiedLogins.DEFAULT_LIFETIME, VerifiedLogins.DEFAULT_CAPACITY,
                java.time.InstantSource.system()));
    }

    PasswordLogin(UserList users, LoginThrottle throttle, PasswordCheckPool checks, VerifiedLogins verified) {
        this.users = Objects.requireNonNull(users, "users");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.checks = Objects.requireNonNull(checks, "checks");
        this.verified = Objects.requireNonNull(verified, "verified");
    }

    /** What a login attempt came to. */
    public sealed interface Outcome {
        /** The password is the user's; the account has this role. */
        record Granted(Role role) implements Outcome {
            public Granted {
                Objects.requireNonNull(role, "role");
            }
        }

        /** No such user, or a wrong password; {@code blockedFor} when this failure blocks further attempts. */
        record Denied(Optional<Duration> blockedFor) implements Outcome {
            public Denied {
                Objects.requireNonNull(blockedFor, "blockedFor");
            }
        }

        /** Too many failed logins for the name or from the address: refused without checking, for {@code retryAfter}. */
        record Blocked(Duration retryAfter) implements Outcome {
            public Blocked {
                Objects.requireNonNull(retryAfter, "retryAfter");
            }
        }

        /** The password could not be checked now (no room, or the check failed); {@code message} says why. */
        record Busy(String message) implements Outcome {
            public Busy {
                Objects.requireNonNull(message, "message");
            }
        }
    }

    /** Checks {@code password} for {@code user} arriving from {@code source}; {@code remote} names the peer in logs. */
    public Outcome attempt(String user, String password, SourceAddress source, String remote) {
        Optional<Duration> blocked = throttle.retryAfter(user, source);
        if (blocked.isPresent()) {
            return new Outcome.Blocked(blocked.get());
        }
        Optional<Role> recalled = verified.recall(user, password);
        if (recalled.isPresent()) {
            throttle.succeeded(user);
            return new Outcome.Granted(recalled.get());
        }
        Outcome checked = check(user, password, source, remote);
        if (checked instanceof Outcome.Denied) {
            return new Outcome.Denied(throttle.failed(user, source));
        }
        if (checked instanceof Outcome.Granted granted) {
            verified.remember(user, password, granted.role());
            throttle.succeeded(user);
        }
        return checked;
    }

    private Outcome check(String user, String password, SourceAddress source, String remote) {
        PasswordCheckPool.Admission<Optional<Role>> admission = checks.submit(source,
                () -> users.authenticate(user, password));
        if (admission instanceof PasswordCheckPool.Refused<Optional<Role>> refused) {
            boolean sourceBusy = refused.reason() == PasswordCheckPool.Reason.SOURCE_BUSY;
            LOG.debug("refused {}: {}", remote, sourceBusy ? "its address has its share of password checks running"
                    : "the password check queue is full");
            return new Outcome.Busy(sourceBusy
                    ? "too many logins from this address are being checked at once; try again in 1 s"
                    : "the server is busy checking other logins; try again in 1 s");
        }
        var result = ((PasswordCheckPool.Admitted<Optional<Role>>) admission).result();
        try {
            Optional<Role> role = result.get(CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return role.<Outcome>map(Outcome.Granted::new).orElseGet(() -> new Outcome.Denied(Optional.empty()));
        } catch (TimeoutException e) {
            result.cancel(true);
            LOG.warn("refused {}: its password check did not finish within {} s", remote, CHECK_WAIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("checking a password for {} failed", remote, e.getCause());
        }
        return new Outcome.Busy("the server could not check the password; try again in 1 s");
    }

    /** {@code duration} in whole seconds, at least 1 (for Retry-After and messages). */
    public static long wholeSeconds(Duration duration) {
        long seconds = (duration.toMillis() + 999) / 1000;
        return Math.max(1, seconds);
    }
}
