package io.gizmoedge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final SourceAddress HOME = new SourceAddress("192.0.2.1");
    private static final SourceAddress ELSEWHERE = new SourceAddress("198.51.100.9");

    /** A clock the test moves by hand. */
    private static final class ManualClock implements InstantSource {
        private Instant now = Instant.parse("2030-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LoginThrottle(LoginThrottle.Policy.DEFAULT, clock);

    private void fail(String user, SourceAddress source, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, source);
        }
    }

    @Test
    void freeFailuresAreNotBlockedThenBlocksDoubleUpToTheCap() {
        fail("scott", HOME, 2);
        assertThat(throttle.failed("scott", HOME)).as("the third failure is still free").isEmpty();
        assertThat(throttle.retryAfter("scott", HOME)).isEmpty();

        assertThat(throttle.failed("scott", HOME)).as("the block the fourth failure starts").contains(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("scott", HOME)).contains(Duration.ofSeconds(1));
        throttle.failed("scott", HOME);
        assertThat(throttle.retryAfter("scott", HOME)).contains(Duration.ofSeconds(2));
        throttle.failed("scott", HOME);
        assertThat(throttle.retryAfter("scott", HOME)).contains(Duration.ofSeconds(4));

        fail("scott", HOME, 20);
        assertThat(throttle.retryAfter("scott", HOME)).contains(Duration.ofSeconds(60));
    }

    @Test
    void aBlockEndsWhenItsTimeHasPassed() {
        fail("scott", HOME, 5); // blocked for 2 s
        clock.advance(Duration.ofMillis(1500));
        assertThat(throttle.retryAfter("scott", HOME)).contains(Duration.ofMillis(500));
        clock.advance(Duration.ofMillis(500));
        assertThat(throttle.retryAfter("scott", HOME)).isEmpty();
    }

    @Test
    void aBlockedNameIsBlockedFromEveryAddressAndABlockedAddressForEveryName() {
        fail("scott", HOME, 4);
        assertThat(throttle.retryAfter("scott", ELSEWHERE)).as("the name").contains(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("admin", HOME)).as("the address").contains(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("admin", ELSEWHERE)).isEmpty();
    }

    @Test
    void theLongerOfTheTwoBlocksApplies() {
        fail("scott", HOME, 6); // scott and HOME: 4 s
        fail("admin", ELSEWHERE, 4); // admin and ELSEWHERE: 1 s
        assertThat(throttle.retryAfter("admin", HOME)).contains(Duration.ofSeconds(4));
        assertThat(throttle.retryAfter("scott", ELSEWHERE)).contains(Duration.ofSeconds(4));
    }

    @Test
    void successClearsTheNameButNotTheAddress() {
        fail("scott", HOME, 3);
        throttle.succeeded("scott");
        fail("scott", ELSEWHERE, 3);
        assertThat(throttle.retryAfter("scott", ELSEWHERE)).as("three failures since the success are free").isEmpty();

        throttle.failed("admin", HOME); // HOME's fourth failure
        assertThat(throttle.retryAfter("nobody", HOME)).contains(Duration.ofSeconds(1));
    }

    @Test
    void unknownNamesCountLikeKnownOnes() {
        fail("no-such-user", ELSEWHERE, 4);
        assertThat(throttle.retryAfter("no-such-user", HOME)).contains(Duration.ofSeconds(1));
    }

    @Test
    void failuresAreForgottenAfterAQuietPeriod() {
        fail("scott", HOME, 3);
        clock.advance(Duration.ofMinutes(16));
        throttle.failed("scott", HOME);
        assertThat(throttle.retryAfter("scott", HOME)).as("the count started over").isEmpty();
        assertThat(throttle.trackedUsers()).isEqualTo(1);
    }

    @Test
    void cyclingThroughNamesAndAddressesCannotGrowTheTablesBeyondTheirBound() {
        LoginThrottle small = new LoginThrottle(new LoginThrottle.Policy(3, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofMinutes(15), 100), clock);
        for (int i = 0; i < 10_000; i++) {
            small.failed("user-" + i, new SourceAddress("10.0." + (i / 256 % 256) + "." + (i % 256)));
        }
        assertThat(small.trackedUsers()).isEqualTo(100);
        assertThat(small.trackedSources()).isEqualTo(100);
    }

    @Test
    void theStalestEntryIsForgottenFirstSoAnActiveAttackerKeepsItsBlock() {
        LoginThrottle small = new LoginThrottle(new LoginThrottle.Policy(0, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofMinutes(15), 3), clock);
        small.failed("a", HOME);
        small.failed("b", HOME);
        small.failed("c", HOME);
        small.failed("a", HOME); // a is now the freshest
        small.failed("d", HOME); // b, the stalest, goes
        assertThat(small.retryAfter("a", ELSEWHERE)).isPresent();
        assertThat(small.retryAfter("b", ELSEWHERE)).isEmpty();
        assertThat(small.retryAfter("d", ELSEWHERE)).isPresent();
    }

    @Test
    void longNamesAreKeptAsTheirHashAndStillCount() {
        String longName = "x".repeat(10_000);
        fail(longName, ELSEWHERE, 4);
        assertThat(throttle.retryAfter(longName, HOME)).contains(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("x".repeat(9_999), HOME)).isEmpty();
        assertThat(throttle.retryAfter(null, HOME)).isEqualTo(Optional.empty());
    }

    @Test
    void ipv6AddressesCountPerSlash64() throws Exception {
        SourceAddress first = SourceAddress.of(InetAddress.getByName("2001:db8:0:1::1"));
        SourceAddress second = SourceAddress.of(InetAddress.getByName("2001:db8:0:1:ffff::2"));
        SourceAddress otherNetwork = SourceAddress.of(InetAddress.getByName("2001:db8:0:2::1"));
        assertThat(first).isEqualTo(second);
        assertThat(first).isNotEqualTo(otherNetwork);
        assertThat(SourceAddress.of(InetAddress.getByName("192.0.2.1"))).isEqualTo(HOME);
    }

    @Test
    void policyRejectsInconsistentSettings() {
        assertThatThrownBy(() -> new LoginThrottle.Policy(3, Duration.ofSeconds(10), Duration.ofSeconds(1),
                Duration.ofMinutes(1), 10)).hasMessageContaining("first no longer than the longest");
        assertThatThrownBy(() -> new LoginThrottle.Policy(3, Duration.ofSeconds(1), Duration.ofMinutes(10),
                Duration.ofMinutes(1), 10)).hasMessageContaining("remembered at least as long");
        assertThatThrownBy(() -> new LoginThrottle.Policy(-1, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMinutes(1), 10)).hasMessageContaining("must not be negative");
    }
}
