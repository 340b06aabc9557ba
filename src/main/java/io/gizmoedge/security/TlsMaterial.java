package io.gizmoedge.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server's TLS identity: its certificate chain (leaf first) and private key.
 */
public record TlsMaterial(List<X509Certificate> certificateChain, PrivateKey privateKey) {
    /** The alias of the key entry in {@link #keyStore()}. */
    public static final String KEY_ALIAS = "gizmo-edge";

    public TlsMaterial {
        certificateChain = List.copyOf(certificateChain);
        Objects.requireNonNull(privateKey, "privateKey");
        if (certificateChain.isEmpty()) {
            throw new IllegalArgumentException("TLS material needs at least one certificate");
        }
        String keyAlgorithm = privateKey.getAlgorithm();
        String certificateAlgorithm = certificateChain.get(0).getPublicKey().getAlgorithm();
        if (!sameAlgorithm(keyAlgorithm, certificateAlgorithm)) {
            throw new IllegalArgumentException("private key (" + keyAlgorithm + ") does not belong to the certificate ("
                    + certificateAlgorithm + "); pass the key file that was generated with the certificate");
        }
    }

    /** Loads a PEM certificate (chain) file and a PEM private key file. */
    public static TlsMaterial load(Path certificateFile, Path keyFile) throws IOException {
        return new TlsMaterial(PemCertificates.read(certificateFile), PemFiles.readPrivateKey(keyFile));
    }

    /**
     * Writes the certificate chain as PEM to {@code certificateFile} and the key as PEM PKCS#8 to
     * {@code keyFile}, the key readable by its owner only where the file system allows.
     */
    public void writePem(Path certificateFile, Path keyFile) throws IOException {
        PemFiles.writeCertificates(certificateFile, certificateChain);
        PemFiles.writePrivateKey(keyFile, privateKey);
    }

    /**
     * An in-memory PKCS12 key store with one key entry ({@link #KEY_ALIAS}) protected by
     * {@link PemKeyStores#IN_MEMORY_PASSWORD}.
     */
    public KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(KEY_ALIAS, privateKey, PemKeyStores.IN_MEMORY_PASSWORD.clone(),
                    certificateChain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key store from the TLS material: " + e.getMessage(), e);
        }
    }

    /** An SSL context (TLS 1.2+) that presents this identity, for a server. */
    public SSLContext serverSslContext() {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore(), PemKeyStores.IN_MEMORY_PASSWORD.clone());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a server TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + certificateChain.get(0).getSubjectX500Principal() + "]";
    }

    private static boolean sameAlgorithm(String keyAlgorithm, String certificateAlgorithm) {
        return normalize(keyAlgorithm).equals(normalize(certificateAlgorithm));
    }

    private static String normalize(String algorithm) {
        return "ECDSA".equalsIgnoreCase(algorithm) ? "EC" : algorithm.toUpperCase(java.util.Locale.ROOT);
    }
}
