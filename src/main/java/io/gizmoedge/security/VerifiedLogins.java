package io.gizmoedge.security;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Passwords that passed the slow check recently, so that a client that connects once per statement
 * (a script calling the shell with {@code -c}) pays PBKDF2 once every {@code lifetime}, not on every
 * connection. Only a keyed digest (HMAC-SHA-256 under a random key of this process) of each user's
 * last correct password is kept, in memory, for at most {@code lifetime} from its check; a password
 * that does not match goes through the slow check, and the login throttle, as before. Trino's file
 * authenticator keeps authenticated passwords in the same way.
 */
final class VerifiedLogins {
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    static final int DEFAULT_CAPACITY = 1024;

    private final Duration lifetime;
    private final int capacity;
    private final InstantSource clock;
    private final SecretKeySpec key;
    private final Map<String, Verified> byUser;

    private record Verified(byte[] digest, Role role, Instant checkedAt) {
    }

    VerifiedLogins(Duration lifetime, int capacity, InstantSource clock) {
        if (lifetime.isNegative() || capacity < 0) {
            throw new IllegalArgumentException("the lifetime and the capacity of verified logins must not be negative");
        }
        this.lifetime = lifetime;
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.byUser = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
                return size() > VerifiedLogins.this.capacity;
            }
        };
    }

    /** The role of {@code user} when {@code password} is the one that passed the slow check within the lifetime. */
    synchronized Optional<Role> recall(String user, String password) {
        Verified verified = byUser.get(user);
        if (verified == null) {
            return Optional.empty();
        }
        if (!verified.checkedAt().plus(lifetime).isAfter(clock.instant())) {
            byUser.remove(user);
            return Optional.empty();
        }
        return MessageDigest.isEqual(verified.digest(), digest(user, password)) ? Optional.of(verified.role()) : Optional.empty();
    }

    /** {@code password} has just passed the slow check for {@code user}, who has {@code role}. */
    synchronized void remember(String user, String password, Role role) {
        if (capacity > 0 && !lifetime.isZero()) {
            byUser.put(user, new Verified(digest(user, password), role, clock.instant()));
        }
    }

    private byte[] digest(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(user.getBytes(UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
