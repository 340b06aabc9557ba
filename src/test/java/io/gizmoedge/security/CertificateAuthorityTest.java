package io.gizmoedge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path dir;

    private final CertificateAuthority authority = CertificateAuthority.create("test CA", Duration.ofDays(30), Clock.systemUTC());

    @Test
    void issuedCertificatesPassPkixValidationAgainstTheCaAlone() throws Exception {
        X509Certificate issued = authority.issueClientCertificate("worker-1", Duration.ofDays(7), Clock.systemUTC())
                .certificateChain().get(0);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(authority.certificate(), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(issued)), parameters);
    }

    @Test
    void aCertificateNeverOutlivesItsCa() {
        X509Certificate issued = authority.issueClientCertificate("worker-1", Duration.ofDays(3650), Clock.systemUTC())
                .certificateChain().get(0);
        assertThat(issued.getNotAfter()).isEqualTo(authority.certificate().getNotAfter());
    }

    @Test
    void writesAndLoadsTheSameCa() throws Exception {
        authority.writePem(dir.resolve("ca.crt"), dir.resolve("ca.key"));
        CertificateAuthority loaded = CertificateAuthority.load(dir.resolve("ca.crt"), dir.resolve("ca.key"));
        assertThat(loaded.certificate()).isEqualTo(authority.certificate());
        loaded.issueClientCertificate("w", Duration.ofDays(1), Clock.systemUTC()).certificateChain().get(0)
                .verify(authority.certificate().getPublicKey());
    }

    @Test
    void theServerCertificateIsNotACa() throws Exception {
        TlsCertificateGenerator.forThisMachine().generate().writePem(dir.resolve("server.crt"), dir.resolve("server.key"));
        assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("server.crt"), dir.resolve("server.key")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a CA certificate; pass the worker CA that bootstrap wrote (tls/worker-ca.crt)");
    }
}
