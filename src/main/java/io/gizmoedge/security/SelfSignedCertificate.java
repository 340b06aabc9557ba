package io.gizmoedge.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A self-signed certificate and its private key, as made by {@link TlsCertificateGenerator}. */
public record SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey) {
    public SelfSignedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * Writes the certificate as PEM to {@code certificateFile} and the key as PEM PKCS#8 to
     * {@code keyFile}, the key readable by its owner only where the file system allows.
     */
    public void writePem(Path certificateFile, Path keyFile) throws IOException {
        PemFiles.writeCertificates(certificateFile, java.util.List.of(certificate));
        PemFiles.writePrivateKey(keyFile, privateKey);
    }

    /** This certificate and key as TLS material for a server. */
    public TlsMaterial toTlsMaterial() {
        return new TlsMaterial(java.util.List.of(certificate), privateKey);
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate[" + certificate.getSubjectX500Principal() + "]";
    }
}
