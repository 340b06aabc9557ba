package io.gizmoedge.flight;

import static org.assertj.core.api.Assertions.assertThat;

import io.gizmoedge.protocol.DistributedMode;
import io.gizmoedge.security.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionTokensTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> ended = new ArrayList<>();
    private final SessionTokens tokens = new SessionTokens(Duration.ofHours(1), InstantSource.fixed(Instant.EPOCH),
            session -> ended.add(session.id()));

    private SessionTokens tokensOnTheClock() {
        return new SessionTokens(Duration.ofHours(1), () -> now.get(), session -> ended.add(session.id()));
    }

    @Test
    void aTokenIsLongRandomAndStandsForItsSession() {
        SessionTokens store = tokensOnTheClock();
        SessionTokens.Issued first = store.issue("scott", Role.CLIENT);
        SessionTokens.Issued second = store.issue("scott", Role.CLIENT);
        assertThat(Base64.getUrlDecoder().decode(first.token())).hasSizeGreaterThanOrEqualTo(16);
        assertThat(first.token()).isNotEqualTo(second.token());
        assertThat(first.session().id()).isNotEqualTo(second.session().id());
        assertThat(store.authenticate(first.token())).contains(first.session());
        assertThat(store.session(first.session().id())).contains(first.session());
        assertThat(store.authenticate("forged")).isEmpty();
        assertThat(first.toString()).doesNotContain(first.token());
    }

    @Test
    void anIdleTokenExpiresAndUseKeepsItAlive() {
        SessionTokens store = tokensOnTheClock();
        SessionTokens.Issued used = store.issue("scott", Role.CLIENT);
        SessionTokens.Issued idle = store.issue("admin", Role.ADMIN);
        now.set(now.get().plus(Duration.ofMinutes(40)));
        assertThat(store.authenticate(used.token())).isPresent();
        now.set(now.get().plus(Duration.ofMinutes(40)));
        assertThat(store.authenticate(idle.token())).isEmpty();
        assertThat(ended).containsExactly(idle.session().id());
        assertThat(store.session(idle.session().id())).isEmpty();
        assertThat(store.authenticate(used.token())).isPresent();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void optionsChangeAndAClosedSessionIsGone() {
        SessionTokens store = tokensOnTheClock();
        SessionTokens.Issued issued = store.issue("scott", Role.CLIENT);
        store.update(issued.session().id(), session -> session.withOptions(session.options().withDistributed(DistributedMode.FALSE)));
        assertThat(store.authenticate(issued.token()).orElseThrow().options().distributed()).isEqualTo(DistributedMode.FALSE);
        store.close(issued.session().id());
        assertThat(store.authenticate(issued.token())).isEmpty();
        assertThat(ended).containsExactly(issued.session().id());
        assertThat(tokens.size()).isZero();
    }
}
