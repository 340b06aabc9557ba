package io.gizmoedge.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Failed logins counted per user name and per source address, with exponential back-off: after
 * {@link Policy#freeFailures()} failures a name or address is blocked for {@link Policy#firstDelay()},
 * and each further failure doubles the block up to {@link Policy#maxDelay()}. The caller refuses a
 * blocked attempt before checking its password, so a blocked attacker costs no hashing. A successful
 * login clears its user name's failures; the address keeps its count until it has been quiet for
 * {@link Policy#forgetAfter()}.
 *
 * <p>Names that are no account count exactly like real ones, so refusals do not tell which names
 * exist. Memory is bounded: each table keeps at most {@link Policy#maxTrackedKeys()} entries and,
 * when full, forgets the one whose last failure is oldest; names longer than an account name may be
 * are kept as their SHA-256.
 */
public final class LoginThrottle {

    /**
     * How failures turn into blocks.
     *
     * @param freeFailures failures a name or address may have before it is blocked
     * @param firstDelay the block after the first failure beyond the free ones
     * @param maxDelay the longest block
     * @param forgetAfter failures older than this (counted from the latest) are forgotten
     * @param maxTrackedKeys entries kept per table (user names, addresses)
     */
    public record Policy(int freeFailures, Duration firstDelay, Duration maxDelay, Duration forgetAfter, int maxTrackedKeys) {
        /** Three free failures, then 1 s, 2 s, 4 s ... up to 60 s; forgotten after 15 quiet minutes; 10,000 entries. */
        public static final Policy DEFAULT = new Policy(3, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofMinutes(15), 10_000);

        public Policy {
            Objects.requireNonNull(firstDelay, "firstDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(forgetAfter, "forgetAfter");
            if (freeFailures < 0) {
                throw new IllegalArgumentException("free failures must not be negative, got " + freeFailures);
            }
            if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException("delays must be positive and the first no longer than the longest, got "
                        + firstDelay + " and " + maxDelay);
            }
            if (forgetAfter.compareTo(maxDelay) < 0) {
                throw new IllegalArgumentException("failures must be remembered at least as long as the longest block");
            }
            if (maxTrackedKeys < 1) {
                throw new IllegalArgumentException("at least one entry must be tracked, got " + maxTrackedKeys);
            }
        }

        /** The block after the {@code failures}-th failure in a row (zero while failures are free). */
        Duration delayAfter(int failures) {
            int beyond = failures - freeFailures;
            if (beyond <= 0) {
                return Duration.ZERO;
            }
            Duration delay = firstDelay;
            for (int i = 1; i < beyond && delay.compareTo(maxDelay) < 0; i++) {
                delay = delay.multipliedBy(2);
            }
            return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
        }
    }

    /** The longest user name kept as it is (account names are at most 64 characters). */
    private static final int LONGEST_KEPT_NAME = 64;

    private final Policy policy;
    private final InstantSource clock;
    private final Failures byUser;
    private final Failures bySource;

    public LoginThrottle(Policy policy, InstantSource clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.byUser = new Failures(policy);
        this.bySource = new Failures(policy);
    }

    /**
     * How long until an attempt for {@code user} from {@code source} may be checked; empty when it
     * may be checked now. The longer of the name's and the address's block applies.
     */
    public synchronized Optional<Duration> retryAfter(String user, SourceAddress source) {
        Instant now = clock.instant();
        Duration wait = max(byUser.remaining(userKey(user), now), bySource.remaining(source.key(), now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /**
     * Counts a failed login (wrong password or no such user) against the name and the address; how
     * long attempts for that name or from that address are now blocked (empty: not blocked).
     */
    public synchronized Optional<Duration> failed(String user, SourceAddress source) {
        Instant now = clock.instant();
        byUser.fail(userKey(user), now);
        bySource.fail(source.key(), now);
        Duration wait = max(byUser.remaining(userKey(user), now), bySource.remaining(source.key(), now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** Clears the failures of {@code user} after a successful login. */
    public synchronized void succeeded(String user) {
        byUser.clear(userKey(user));
    }

    synchronized int trackedUsers() {
        return byUser.size();
    }

    synchronized int trackedSources() {
        return bySource.size();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String userKey(String user) {
        String name = user == null ? "" : user;
        if (name.length() <= LONGEST_KEPT_NAME) {
            return name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** One table of failure counts, ordered by last failure so that the stalest entry goes first. */
    private static final class Failures {
        private record Entry(int failures, Instant lastFailure, Instant blockedUntil) {
        }

        private final Policy policy;
        private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

        Failures(Policy policy) {
            this.policy = policy;
        }

        Duration remaining(String key, Instant now) {
            Entry entry = entries.get(key);
            if (entry == null || !entry.blockedUntil().isAfter(now)) {
                return Duration.ZERO;
            }
            return Duration.between(now, entry.blockedUntil());
        }

        void fail(String key, Instant now) {
            forgetQuiet(now);
            Entry old = entries.remove(key);
            int failures = old == null ? 1 : old.failures() + 1;
            entries.put(key, new Entry(failures, now, now.plus(policy.delayAfter(failures))));
            while (entries.size() > policy.maxTrackedKeys()) {
                Iterator<String> oldest = entries.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }

        void clear(String key) {
            entries.remove(key);
        }

        int size() {
            return entries.size();
        }

        /** Drops entries whose last failure is older than the policy remembers (they come first). */
        private void forgetQuiet(Instant now) {
            Instant horizon = now.minus(policy.forgetAfter());
            Iterator<Map.Entry<String, Entry>> iterator = entries.entrySet().iterator();
            while (iterator.hasNext()) {
                if (iterator.next().getValue().lastFailure().isAfter(horizon)) {
                    return;
                }
                iterator.remove();
            }
        }
    }
}
