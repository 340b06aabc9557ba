package io.gizmoedge.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gizmoedge.security.LoginThrottle;
import io.gizmoedge.security.PasswordCheckPool;
import io.gizmoedge.security.PasswordHasher;
import io.gizmoedge.security.PasswordLogin;
import io.gizmoedge.security.Role;
import io.gizmoedge.security.UserAccount;
import io.gizmoedge.security.UserList;
import io.gizmoedge.transport.BasicCredentials;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlightAuthenticatorTest {
    private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);
    private final PasswordCheckPool checks = PasswordCheckPool.withThreads(1);
    private final SessionTokens tokens = new SessionTokens(Duration.ofHours(1), InstantSource.system(), session -> { });
    private final FlightAuthenticator authenticator = new FlightAuthenticator(new PasswordLogin(UserList.of(List.of(
            new UserAccount("scott", Role.CLIENT, hasher.hash("tiger")),
            new UserAccount("worker", Role.WORKER, hasher.hash("united")))),
            new LoginThrottle(LoginThrottle.Policy.DEFAULT, InstantSource.system()), checks), tokens);

    @AfterEach
    void close() {
        checks.close();
    }

    private static CallHeaders authorization(String value) {
        CallHeaders headers = new FlightCallHeaders();
        headers.insert("authorization", value);
        return headers;
    }

    private FlightRuntimeException refusal(CallHeaders headers) {
        return catchThrowableOfType(FlightRuntimeException.class, () -> authenticator.authenticate(headers));
    }

    @Test
    void aLoginGetsABearerTokenThatAdmitsLaterCalls() {
        CallHeaderAuthenticator.AuthResult login = authenticator.authenticate(
                authorization(new BasicCredentials("scott", "tiger").headerValue()));
        CallHeaders outgoing = new FlightCallHeaders();
        login.appendToOutgoingHeaders(outgoing);
        String bearer = outgoing.get("authorization");
        assertThat(bearer).startsWith("Bearer ");
        assertThat(tokens.session(login.getPeerIdentity()).orElseThrow().user()).isEqualTo("scott");

        CallHeaderAuthenticator.AuthResult later = authenticator.authenticate(authorization(bearer));
        assertThat(later.getPeerIdentity()).isEqualTo(login.getPeerIdentity());
        CallHeaders none = new FlightCallHeaders();
        later.appendToOutgoingHeaders(none);
        assertThat(none.keys()).isEmpty();
    }

    @Test
    void refusalsAreUnauthenticatedWithoutAToken() {
        FlightRuntimeException noCredentials = refusal(new FlightCallHeaders());
        assertThat(noCredentials.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
        assertThat(noCredentials.status().description()).startsWith("credentials required");

        FlightRuntimeException wrong = refusal(authorization(new BasicCredentials("scott", "lion").headerValue()));
        assertThat(wrong.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
        assertThat(wrong.status().description()).isEqualTo("wrong user name or password");

        FlightRuntimeException worker = refusal(authorization(new BasicCredentials("worker", "united").headerValue()));
        assertThat(worker.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
        assertThat(worker.status().description()).contains("worker account cannot run queries");

        FlightRuntimeException forged = refusal(authorization("Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        assertThat(forged.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
        assertThat(forged.status().description()).startsWith("unknown or expired token");
        assertThat(tokens.size()).isZero();
    }

    @Test
    void repeatedFailuresAreThrottled() {
        for (int i = 0; i <= LoginThrottle.Policy.DEFAULT.freeFailures(); i++) {
            refusal(authorization(new BasicCredentials("scott", "lion" + i).headerValue()));
        }
        FlightRuntimeException blocked = refusal(authorization(new BasicCredentials("scott", "tiger").headerValue()));
        assertThat(blocked.status().code()).isEqualTo(FlightStatusCode.UNAVAILABLE);
        assertThat(blocked.status().description()).startsWith("too many failed logins");
    }
}
