package io.gizmoedge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher fast = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    @Test
    void defaultEncodingIsSelfDescribing() {
        String encoded = new PasswordHasher().hash("tiger");
        assertThat(encoded).matches("pbkdf2-sha256\\$600000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PasswordHasher.verify("tiger", encoded)).isTrue();
        assertThat(PasswordHasher.verify("Tiger", encoded)).isFalse();
    }

    @Test
    void verificationReadsIterationsFromTheEncodedString() {
        String encoded = fast.hash("united");
        assertThat(PasswordHasher.iterationsOf(encoded)).isEqualTo(1000);
        assertThat(PasswordHasher.verify("united", encoded)).isTrue();
        String tampered = encoded.replace("$1000$", "$1001$");
        assertThat(PasswordHasher.verify("united", tampered)).isFalse();
    }

    @Test
    void saltsAreRandom() {
        assertThat(fast.hash("same")).isNotEqualTo(fast.hash("same"));
    }

    @Test
    void emptyPasswordsAreRefused() {
        assertThatThrownBy(() -> fast.hash("")).hasMessage("password must not be empty");
        assertThat(PasswordHasher.verify("", fast.hash("x"))).isFalse();
        assertThat(PasswordHasher.verify(null, fast.hash("x"))).isFalse();
    }

    @Test
    void malformedHashesAreExplained() {
        assertThatThrownBy(() -> PasswordHasher.verify("x", "md5$abc")).hasMessageContaining("pbkdf2-sha256$<iterations>");
        assertThatThrownBy(() -> PasswordHasher.checkEncoded("pbkdf2-sha256$many$AAAA$AAAA")).hasMessageContaining("iteration");
        assertThatThrownBy(() -> PasswordHasher.checkEncoded("pbkdf2-sha256$99999999$AAAAAAAAAAAAAAAAAAAAAA$AAAA"))
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> new PasswordHasher(10)).hasMessageContaining("iterations must be between");
    }
}
