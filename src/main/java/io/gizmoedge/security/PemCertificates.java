package io.gizmoedge.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the certificates of a PEM file with the JDK's {@link CertificateFactory}, which reads the plain PEM
 * files bootstrap writes, and hands any other file (other blocks or text around the certificates, malformed
 * ones) to {@link PemFiles#readCertificates}, BouncyCastle's parser, which skips what is not a certificate
 * and explains what is wrong. This class refers to no BouncyCastle type, so a client that reads its TLS
 * roots does not load BouncyCastle: a signed jar, which the client's class-data-sharing archive cannot hold
 * and whose signatures the JVM checks when it opens it.
 */
public final class PemCertificates {
    private PemCertificates() {
    }

    /**
     * Every certificate in {@code file}, in order.
     *
     * @throws IOException naming the file if it is missing, holds no certificate or is malformed
     */
    public static List<X509Certificate> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "certificate file not found; run bootstrap to create it or pass the right path");
        }
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
                certificates.add((X509Certificate) certificate);
            }
            if (!certificates.isEmpty()) {
                return List.copyOf(certificates);
            }
        } catch (CertificateException | ClassCastException e) {
            // not certificates alone, or malformed: the PEM parser decides and explains
        }
        return PemFiles.readCertificates(file);
    }
}
