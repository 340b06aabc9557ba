package io.gizmoedge.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Java key stores built from PEM files: the server's identity from its certificate and key, and
 * a trust store from PEM root certificates (for clients and workers started with --tls-roots).
 */
public final class PemKeyStores {
    /** Protects key entries of stores that only ever live in memory. */
    static final char[] IN_MEMORY_PASSWORD = "gizmo-edge-in-memory".toCharArray();

    private PemKeyStores() {
    }

    /** The password of the key entry in {@link #serverKeyStore}, for a {@code KeyManagerFactory}. */
    public static char[] inMemoryKeyPassword() {
        return IN_MEMORY_PASSWORD.clone();
    }

    /** A key store holding the server's certificate chain and private key. */
    public static KeyStore serverKeyStore(Path certificateFile, Path keyFile) throws IOException {
        return TlsMaterial.load(certificateFile, keyFile).keyStore();
    }

    /** A trust store holding every certificate of every PEM file given. */
    public static KeyStore trustStore(List<Path> rootCertificateFiles) throws IOException {
        if (rootCertificateFiles.isEmpty()) {
            throw new IllegalArgumentException("no TLS root certificate file given");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int index = 0;
            for (Path file : rootCertificateFiles) {
                for (X509Certificate certificate : PemCertificates.read(file)) {
                    store.setCertificateEntry("root-" + index++, certificate);
                }
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust store: " + e.getMessage(), e);
        }
    }

    /**
     * The trust store of the one PEM file {@code rootCertificateFile} names, as {@link #trustStore} builds it, or
     * empty when no file is given (then the JVM's default roots are trusted).
     */
    public static Optional<KeyStore> trustStoreIfGiven(Optional<Path> rootCertificateFile) throws IOException {
        if (rootCertificateFile.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(trustStore(List.of(rootCertificateFile.get())));
    }

    /**
     * The key store of {@code files} (a client certificate and its key), as {@link CertificateFiles#keyStore()}
     * reads it, or empty when none are given.
     */
    public static Optional<KeyStore> identityIfGiven(Optional<CertificateFiles> files) throws IOException {
        if (files.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(files.get().keyStore());
    }

    /** An SSL context for a client or worker that trusts exactly the certificates in {@code trustStore}. */
    public static SSLContext clientSslContext(KeyStore trustStore) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a client TLS context: " + e.getMessage(), e);
        }
    }
}
