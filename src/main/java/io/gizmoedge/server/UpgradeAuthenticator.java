package io.gizmoedge.server;

import io.gizmoedge.security.PasswordLogin;
import io.gizmoedge.security.Role;
import io.gizmoedge.security.SourceAddress;
import io.gizmoedge.security.UserAccount;
import io.gizmoedge.transport.BasicCredentials;
import io.gizmoedge.transport.Refusal;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
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

    private final PasswordLogin login;
    private final boolean workerCertificateRequired;

    /**
     * @param workerCertificateRequired whether /worker also needs a TLS client certificate (which the
     *     TLS layer has verified against the worker CA before the request arrives)
     */
    UpgradeAuthenticator(PasswordLogin login, boolean workerCertificateRequired) {
        this.login = Objects.requireNonNull(login, "login");
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
        PasswordLogin.Outcome outcome = login.attempt(user, credentials.get().password(), source, remote);
        if (outcome instanceof PasswordLogin.Outcome.Blocked blocked) {
            long seconds = PasswordLogin.wholeSeconds(blocked.retryAfter());
            LOG.debug("refused {}: too many failed logins for '{}' or from {}; blocked for {} s more", remote, printableUser,
                    source, seconds);
            return refuseForNow(response, callback, 429, seconds,
                    "too many failed logins for this user name or from this address; try again in " + seconds + " s");
        }
        if (outcome instanceof PasswordLogin.Outcome.Busy busy) {
            return refuseForNow(response, callback, 503, 1, busy.message());
        }
        if (outcome instanceof PasswordLogin.Outcome.Denied denied) {
            if (denied.blockedFor().isPresent()) {
                LOG.warn("refused {}: wrong user name or password for '{}'; attempts for that name or from {} are "
                        + "refused for the next {} s", remote, printableUser, source,
                        PasswordLogin.wholeSeconds(denied.blockedFor().get()));
            } else {
                LOG.info("refused {}: wrong user name or password for '{}'", remote, printableUser);
            }
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"gizmo-edge\"");
            return refuse(response, callback, 401, "wrong user name or password");
        }
        PasswordLogin.Outcome.Granted granted = (PasswordLogin.Outcome.Granted) outcome;
        if (granted.role() != role && !(granted.role() == Role.ADMIN && role == Role.CLIENT)) {
            LOG.info("refused {}: user '{}' has role {} and may not use {}", remote, printableUser, granted.role(), path);
            return refuse(response, callback, 403, "this account may not use " + path);
        }
        if (role == Role.WORKER && certificate.isPresent()) {
            LOG.info("worker login from {} with certificate {}", remote, certificate.get().getSubjectX500Principal());
        }
        return Optional.of(new Account(user, granted.role()));
    }

    /** The client certificate the TLS layer verified, if the peer presented one. */
    private static Optional<X509Certificate> clientCertificate(Request request) {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls
                && tls.peerCertificates() != null && tls.peerCertificates().length > 0) {
            return Optional.of(tls.peerCertificates()[0]);
        }
        return Optional.empty();
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
