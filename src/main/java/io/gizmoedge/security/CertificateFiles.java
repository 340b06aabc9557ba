package io.gizmoedge.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Objects;

/**
 * A PEM certificate (chain) file and the PEM private key file that belongs to it: what a worker
 * presents with {@code --tls-certificate} and {@code --tls-key}.
 */
public record CertificateFiles(Path certificate, Path privateKey) {
    public CertificateFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** Reads both files into a key store whose entry is protected by {@link PemKeyStores#inMemoryKeyPassword()}. */
    public KeyStore keyStore() throws IOException {
        return TlsMaterial.load(certificate, privateKey).keyStore();
    }
}
