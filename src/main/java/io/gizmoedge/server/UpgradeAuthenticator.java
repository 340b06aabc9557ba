package io.gizmoedge.server;

import io.gizmoedge.security.LoginThrottle;
import io.gizmoedge.security.PasswordCheckPool;
import io.gizmoedge.security.Role;
import io.gizmoedge.security.SourceAddress;
import io.gizmoedge.security.UserAccount;
import io.gizmoedge.security.UserList;
import io.gizmoedge.transport.BasicCredentials;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks credentials during the HTTP upgrade, before any WebSocket opens. In order, each refusal
 * before the next step: no credentials (401); on /worker, when worker certificates are required,
 * no client certificate (403); a user name or address blocked after failed logins (429 with
 * {@code Retry-After}, no hashing); no room on the password check pool (503 with
 * {@code Retry-After}); a wrong user name or password (401, counted by the throttle); a role that may
 * not use the path (403). Every refusal is one line of text ({@link Refusal}) and closes the connection.
 */
final class UpgradeAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeAuthenticator.class);
    /** How long a request waits for its password check before it is answered "busy". */
    private static final Duration CHECK_WAIT = Duration.ofSeconds(30);

    private final UserList users;
    private final LoginThrottle throttle;
    private final PasswordCheckPool checks;
    private final boolean workerCertificateRequired;

    /**
     * @param workerCertificateRequired whether /worker also needs a TLS client certificate (which the
     *     TLS layer has verified against the worker CA before the request arrives)
     */
    UpgradeAuthenticator(UserList users, LoginThrottle throttle, PasswordCheckPool checks, boolean workerCertificateRequired) {
        this.users = Objects.requireNonNull(users, "users");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.checks = Objects.requireNonNull(checks, "checks");
        this.workerCertificateRequired = workerCertificateRequired;
    }

    /** An authenticated account. */
    record Account(String name, Role role) {
    }

    /**
     * The authenticated account when the request may use a path for {@code role} (an admin may use
     * the client path); otherwise the response is sent.
     */
    Optional<Account> admit(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback, Role role) {
        String remote = String.valueOf(request.getConnectionMetaData().getRemoteSocketAddress());
        SourceAddress source = SourceAddress.of(request.getConnectionMetaData().getRemoteSocketAddress());
        String path = request.getHttpURI().getPath();
        Optional<BasicCredentials> credentials = BasicCredentials.parse(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (credentials.isEmpty()) {
            LOG.info("refused {}: no credentials", remote);
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"gizmo-edge\"");
            return refuse(response, callback, 401, "credentials required (HTTP Basic)");
        }
        String user = credentials.get().username();
        String printableUser = UserAccount.printable(user);
        Optional<X509Certificate> certificate = clientCertificate(request);
        if (role == Role.WORKER && workerCertificateRequired && certificate.isEmpty()) {
            LOG.info("refused {} on {}: no client certificate signed by the worker CA (--worker-client-ca)", remote, path);
            return refuse(response, callback, 403, "a worker needs a client certificate signed by the server's "
                    + "worker CA: start it with --tls-certificate and --tls-key");
        }
        Optional<Duration> blocked = throttle.retryAfter(user, source);
        if (blocked.isPresent()) {
            long seconds = wholeSeconds(blocked.get());
            LOG.debug("refused {}: too many failed logins for '{}' or from {}; blocked for {} s more", remote, printableUser,
                    source, seconds);
            return refuseForNow(response, callback, 429, seconds,
                    "too many failed logins for this user name or from this address; try again in " + seconds + " s");
        }
        Verdict verdict = check(source, credentials.get(), remote, response, callback);
        if (verdict instanceof Verdict.NotChecked) {
            return Optional.empty(); // answered "busy"
        }
        if (!(verdict instanceof Verdict.Granted granted)) {
            Optional<Duration> block = throttle.failed(user, source);
            if (block.isPresent()) {
                LOG.warn("refused {}: wrong user name or password for '{}'; attempts for that name or from {} are "
                        + "refused for the next {} s", remote, printableUser, source, wholeSeconds(block.get()));
            } else {
                LOG.info("refused {}: wrong user name or password for '{}'", remote, printableUser);
            }
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"gizmo-edge\"");
            return refuse(response, callback, 401, "wrong user name or password");
        }
        throttle.succeeded(user);
        if (granted.role() != role && !(granted.role() == Role.ADMIN && role == Role.CLIENT)) {
            LOG.info("refused {}: user '{}' has role {} and may not use {}", remote, printableUser, granted.role(), path);
            return refuse(response, callback, 403, "this account may not use " + path);
        }
        if (role == Role.WORKER && certificate.isPresent()) {
            LOG.info("worker login from {} with certificate {}", remote, certificate.get().getSubjectX500Principal());
        }
        return Optional.of(new Account(user, granted.role()));
    }

    /** What checking a password found. */
    private sealed interface Verdict {
        /** The password is the user's; the account has this role. */
        record Granted(Role role) implements Verdict {
        }

        /** No such user, or a wrong password. */
        record Denied() implements Verdict {
        }

        /** The check could not run (no room, or it failed); the "busy" answer is sent. */
        record NotChecked() implements Verdict {
        }
    }

    private Verdict check(SourceAddress source, BasicCredentials credentials, String remote, Response response,
            Callback callback) {
        PasswordCheckPool.Admission<Optional<Role>> admission = checks.submit(source,
                () -> users.authenticate(credentials.username(), credentials.password()));
        if (admission instanceof PasswordCheckPool.Refused<Optional<Role>> refused) {
            boolean sourceBusy = refused.reason() == PasswordCheckPool.Reason.SOURCE_BUSY;
            LOG.debug("refused {}: {}", remote, sourceBusy ? "its address has its share of password checks running"
                    : "the password check queue is full");
            refuseForNow(response, callback, 503, 1, sourceBusy
                    ? "too many logins from this address are being checked at once; try again in 1 s"
                    : "the server is busy checking other logins; try again in 1 s");
            return new Verdict.NotChecked();
        }
        var result = ((PasswordCheckPool.Admitted<Optional<Role>>) admission).result();
        try {
            Optional<Role> role = result.get(CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return role.<Verdict>map(Verdict.Granted::new).orElseGet(Verdict.Denied::new);
        } catch (TimeoutException e) {
            result.cancel(true);
            LOG.warn("refused {}: its password check did not finish within {} s", remote, CHECK_WAIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("checking a password for {} failed", remote, e.getCause());
        }
        refuseForNow(response, callback, 503, 1, "the server could not check the password; try again in 1 s");
        return new Verdict.NotChecked();
    }

    /** The client certificate the TLS layer verified, if the peer presented one. */
    private static Optional<X509Certificate> clientCertificate(Request request) {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls
                && tls.peerCertificates() != null && tls.peerCertificates().length > 0) {
            return Optional.of(tls.peerCertificates()[0]);
        }
        return Optional.empty();
    }

    private static long wholeSeconds(Duration duration) {
        long seconds = (duration.toMillis() + 999) / 1000;
        return Math.max(1, seconds);
    }

    private static Optional<Account> refuseForNow(Response response, Callback callback, int status,
            long retryAfterSeconds, String message) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return refuse(response, callback, status, message);
    }

    private static Optional<Account> refuse(Response response, Callback callback, int status, String message) {
        Refusal.send(response, callback, status, message);
        return Optional.empty();
    }
}
