package io.gizmoedge.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted slow password hashes: PBKDF2-HMAC-SHA256 with a 16-byte random salt, encoded as the
 * self-describing string {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}.
 * Verification reads the iteration count from the encoded string and compares in constant time.
 */
public final class PasswordHasher {
    /** The scheme name that starts every encoded hash. */
    public static final String SCHEME = "pbkdf2-sha256";
    /** Iterations for new hashes (OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** The smallest iteration count accepted for new hashes (tests use it to stay fast). */
    public static final int MIN_ITERATIONS = 1_000;
    /** The largest iteration count accepted when verifying, so a crafted file cannot stall the server. */
    public static final int MAX_ITERATIONS = 10_000_000;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final int iterations;
    private final SecureRandom random;

    /** A hasher using {@value #DEFAULT_ITERATIONS} iterations. */
    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between " + MIN_ITERATIONS + " and "
                    + MAX_ITERATIONS + ", got " + iterations);
        }
        this.iterations = iterations;
        this.random = new SecureRandom();
    }

    /** Hashes {@code password} with a fresh random salt. */
    public String hash(String password) {
        checkPassword(password);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations, HASH_BYTES);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    /**
     * Whether {@code password} matches {@code encoded}. A null or empty password never matches.
     *
     * @throws IllegalArgumentException if {@code encoded} is not a hash this class wrote
     */
    public static boolean verify(String password, String encoded) {
        Decoded decoded = decode(encoded);
        if (password == null || password.isEmpty()) {
            return false;
        }
        byte[] actual = derive(password, decoded.salt(), decoded.iterations(), decoded.hash().length);
        return MessageDigest.isEqual(actual, decoded.hash());
    }

    /**
     * Checks that {@code encoded} is well formed.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void checkEncoded(String encoded) {
        decode(encoded);
    }

    /** The iteration count stored in {@code encoded}. */
    public static int iterationsOf(String encoded) {
        return decode(encoded).iterations();
    }

    /**
     * A well-formed hash that no password matches, with the given cost: verifying against it
     * takes as long as verifying a real password.
     */
    static String unmatchable(int iterations) {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + base64.encodeToString(new byte[SALT_BYTES]) + "$"
                + base64.encodeToString(new byte[HASH_BYTES]);
    }

    /** Rejects null, empty and blank passwords with a one-line reason. */
    public static void checkPassword(String password) {
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("password must not be empty");
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int length) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, length * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot compute " + ALGORITHM, e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private record Decoded(int iterations, byte[] salt, byte[] hash) {
    }

    private static Decoded decode(String encoded) {
        Objects.requireNonNull(encoded, "encoded password hash");
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("password hash must look like " + SCHEME
                    + "$<iterations>$<salt>$<hash>; run bootstrap again to write the user list");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("password hash has a non-numeric iteration count", e);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("password hash iteration count " + iterations
                    + " is outside 1.." + MAX_ITERATIONS);
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2].getBytes(StandardCharsets.US_ASCII));
            byte[] hash = Base64.getDecoder().decode(parts[3].getBytes(StandardCharsets.US_ASCII));
            if (salt.length < 8 || hash.length < 16) {
                throw new IllegalArgumentException("password hash salt or digest is too short");
            }
            return new Decoded(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("password hash is not valid base64: " + e.getMessage(), e);
        }
    }
}
