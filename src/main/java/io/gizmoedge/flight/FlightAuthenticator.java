package io.gizmoedge.flight;

import io.gizmoedge.security.PasswordLogin;
import io.gizmoedge.security.Role;
import io.gizmoedge.security.SourceAddress;
import io.gizmoedge.security.UserAccount;
import io.gizmoedge.transport.BasicCredentials;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every Flight call from its {@code authorization} header. {@code Basic} credentials
 * go through the same {@link PasswordLogin} as the WebSocket endpoint (throttle, bounded password
 * checks) and start a session whose bearer token is sent back in the {@code authorization} response
 * header; {@code Bearer} tokens are looked up in {@link SessionTokens}. Worker accounts may not query.
 *
 * <p>Flight does not tell an authenticator the peer's address, so Flight logins are throttled and
 * bounded per user name: the name stands in for the source address.
 */
public final class FlightAuthenticator implements CallHeaderAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(FlightAuthenticator.class);
    static final String AUTHORIZATION = "authorization";
    static final String BEARER = "bearer ";

    private final PasswordLogin login;
    private final SessionTokens tokens;

    public FlightAuthenticator(PasswordLogin login, SessionTokens tokens) {
        this.login = Objects.requireNonNull(login, "login");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** A call admitted for session {@code sessionId}; a new login also returns its token. */
    private record Admitted(String sessionId, Optional<String> newToken) implements AuthResult {
        @Override
        public String getPeerIdentity() {
            return sessionId;
        }

        @Override
        public void appendToOutgoingHeaders(CallHeaders outgoingHeaders) {
            newToken.ifPresent(token -> outgoingHeaders.insert(AUTHORIZATION, "Bearer " + token));
        }

        @Override
        public String toString() {
            return "Admitted[" + sessionId + "]";
        }
    }

    @Override
    public AuthResult authenticate(CallHeaders incomingHeaders) {
        String header = incomingHeaders.get(AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw unauthenticated("credentials required: log in with a user name and password (Basic), "
                    + "then send the bearer token the server returns");
        }
        if (header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            String token = header.substring(BEARER.length()).trim();
            return tokens.authenticate(token)
                    .map(session -> new Admitted(session.id(), Optional.empty()))
                    .orElseThrow(() -> unauthenticated("unknown or expired token: log in again with a user name and password"));
        }
        Optional<BasicCredentials> credentials = BasicCredentials.parse(header);
        if (credentials.isEmpty()) {
            throw unauthenticated("unsupported authorization: send Basic credentials or a Bearer token");
        }
        return logIn(credentials.get());
    }

    private AuthResult logIn(BasicCredentials credentials) {
        String user = credentials.username();
        String printableUser = UserAccount.printable(user);
        SourceAddress source = new SourceAddress("flight user " + printableUser);
        PasswordLogin.Outcome outcome = login.attempt(user, credentials.password(), source, "flight login of '" + printableUser + "'");
        if (outcome instanceof PasswordLogin.Outcome.Blocked blocked) {
            long seconds = PasswordLogin.wholeSeconds(blocked.retryAfter());
            LOG.debug("refused a Flight login for '{}': blocked for {} s more", printableUser, seconds);
            throw CallStatus.UNAVAILABLE.withDescription(
                    "too many failed logins for this user name; try again in " + seconds + " s").toRuntimeException();
        }
        if (outcome instanceof PasswordLogin.Outcome.Busy busy) {
            throw CallStatus.UNAVAILABLE.withDescription(busy.message()).toRuntimeException();
        }
        if (outcome instanceof PasswordLogin.Outcome.Denied) {
            LOG.info("refused a Flight login: wrong user name or password for '{}'", printableUser);
            throw unauthenticated("wrong user name or password");
        }
        Role role = ((PasswordLogin.Outcome.Granted) outcome).role();
        if (role == Role.WORKER) {
            LOG.info("refused a Flight login for '{}': a worker account", printableUser);
            throw unauthenticated("a worker account cannot run queries: log in with a client or admin account");
        }
        SessionTokens.Issued issued = tokens.issue(user, role);
        LOG.info("Flight SQL session {} of '{}' ({}) started", issued.session().id(), printableUser, role.jsonName());
        return new Admitted(issued.session().id(), Optional.of(issued.token()));
    }

    private static FlightRuntimeException unauthenticated(String message) {
        return CallStatus.UNAUTHENTICATED.withDescription(message).toRuntimeException();
    }
}
