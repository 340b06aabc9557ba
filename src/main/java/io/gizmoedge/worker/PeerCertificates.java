package io.gizmoedge.worker;

import io.gizmoedge.catalog.FileDigests;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates of other workers' {@link PeerListener}s this worker trusts: exactly those whose
 * SHA-256 the server named in a stage's targets. A TLS context for connecting to them.
 */
final class PeerCertificates {
    private final Set<String> trusted = ConcurrentHashMap.newKeySet();

    /** The SHA-256 of {@code certificate}'s DER encoding, as 64 lower-case hex digits. */
    static String sha256(X509Certificate certificate) {
        try {
            MessageDigest digest = FileDigests.newSha256();
            digest.update(certificate.getEncoded());
            return FileDigests.hex(digest);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate: " + e.getMessage(), e);
        }
    }

    /** Trusts the certificate with SHA-256 {@code sha256} from now on. */
    void trust(String sha256) {
        trusted.add(sha256);
    }

    /** A TLS client context that accepts only trusted certificates (the connection checks the host name too). */
    SSLContext clientContext() {
        X509TrustManager pinned = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
                throw new java.security.cert.CertificateException("a worker does not take client certificates from peers");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
                if (chain == null || chain.length == 0 || !trusted.contains(sha256(chain[0]))) {
                    throw new java.security.cert.CertificateException("not the certificate the server named for this worker");
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {pinned}, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context: " + e.getMessage(), e);
        }
    }
}
