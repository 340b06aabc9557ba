package io.gizmoedge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemCertificatesTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryCertificateOfAPlainPemFile() throws IOException {
        X509Certificate first = TlsCertificateGenerator.forThisMachine().generate().certificate();
        X509Certificate second = TlsCertificateGenerator.forThisMachine().generate().certificate();
        Path file = dir.resolve("roots.crt");
        PemFiles.writeCertificates(file, List.of(first, second));

        assertThat(PemCertificates.read(file)).containsExactly(first, second);
    }

    @Test
    void readsTheCertificatesOfAFileThatAlsoHoldsAKeyAndText() throws IOException {
        SelfSignedCertificate generated = TlsCertificateGenerator.forThisMachine().generate();
        Path certificate = dir.resolve("c.pem");
        Path key = dir.resolve("k.pem");
        generated.writePem(certificate, key);
        Path mixed = dir.resolve("mixed.pem");
        Files.writeString(mixed, "subject=CN = gizmo-edge\n" + Files.readString(key) + Files.readString(certificate),
                StandardCharsets.US_ASCII);

        assertThat(PemCertificates.read(mixed)).containsExactly(generated.certificate());
    }
}
