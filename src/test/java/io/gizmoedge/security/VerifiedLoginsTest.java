package io.gizmoedge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class VerifiedLoginsTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

    private VerifiedLogins logins(int capacity) {
        return new VerifiedLogins(Duration.ofMinutes(5), capacity, () -> now.get());
    }

    @Test
    void onlyTheVerifiedPasswordOfTheSameUserIsRecalled() {
        VerifiedLogins logins = logins(10);
        assertThat(logins.recall("scott", "tiger")).isEmpty();
        logins.remember("scott", "tiger", Role.CLIENT);
        assertThat(logins.recall("scott", "tiger")).contains(Role.CLIENT);
        assertThat(logins.recall("scott", "tiger2")).isEmpty();
        assertThat(logins.recall("scott", "")).isEmpty();
        assertThat(logins.recall("admin", "tiger")).isEmpty();
        // the separator keeps "ab" + "c" apart from "a" + "bc"
        logins.remember("ab", "c", Role.ADMIN);
        assertThat(logins.recall("a", "bc")).isEmpty();
    }

    @Test
    void aVerifiedPasswordIsForgottenAfterItsLifetime() {
        VerifiedLogins logins = logins(10);
        logins.remember("scott", "tiger", Role.CLIENT);
        now.set(now.get().plus(Duration.ofMinutes(4)));
        assertThat(logins.recall("scott", "tiger")).contains(Role.CLIENT);
        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertThat(logins.recall("scott", "tiger")).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedUserMakesRoomAndCapacityZeroKeepsNothing() {
        VerifiedLogins logins = logins(2);
        logins.remember("a", "1", Role.CLIENT);
        logins.remember("b", "2", Role.CLIENT);
        assertThat(logins.recall("a", "1")).isPresent();
        logins.remember("c", "3", Role.CLIENT);
        assertThat(logins.recall("b", "2")).isEmpty();
        assertThat(logins.recall("a", "1")).isPresent();
        VerifiedLogins none = logins(0);
        none.remember("a", "1", Role.CLIENT);
        assertThat(none.recall("a", "1")).isEmpty();
    }
}
