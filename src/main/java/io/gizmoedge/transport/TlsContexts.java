package io.gizmoedge.transport;

import java.security.KeyStore;
import java.util.Optional;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Jetty TLS settings for the server and for its peers (clients and workers). */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** The server side: present the certificate in {@code keyStore}. */
    public static SslContextFactory.Server server(KeyStore keyStore, String keyStorePassword) {
        return server(keyStore, keyStorePassword, Optional.empty());
    }

    /**
     * The server side: present the certificate in {@code keyStore} and, when {@code clientCertificateRoots}
     * is given, ask every peer for a client certificate that chains to one of them. Asking is not
     * requiring ("want", not "need"): a peer without a certificate still connects, and the server
     * decides per path whether it needs one; a certificate that does not verify fails the handshake.
     */
    public static SslContextFactory.Server server(KeyStore keyStore, String keyStorePassword,
            Optional<KeyStore> clientCertificateRoots) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStore(keyStore);
        factory.setKeyStorePassword(keyStorePassword);
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        clientCertificateRoots.ifPresent(roots -> {
            factory.setTrustStore(roots);
            factory.setWantClientAuth(true);
        });
        return factory;
    }

    /**
     * The connecting side. With {@code verify}, the server's certificate must chain to
     * {@code trustedRoots} (or to the JVM's default roots when none are given) and name the host;
     * without it every certificate is accepted (for testing only).
     */
    public static SslContextFactory.Client client(Optional<KeyStore> trustedRoots, boolean verify) {
        return client(trustedRoots, verify, Optional.empty(), "");
    }

    /**
     * The connecting side, as {@link #client(Optional, boolean)}, presenting the certificate and key
     * in {@code identity} (its key entry protected by {@code identityPassword}) when the server asks
     * for a client certificate: a worker started with {@code --tls-certificate}.
     */
    public static SslContextFactory.Client client(Optional<KeyStore> trustedRoots, boolean verify,
            Optional<KeyStore> identity, String identityPassword) {
        SslContextFactory.Client factory = new SslContextFactory.Client();
        identity.ifPresent(store -> {
            factory.setKeyStore(store);
            factory.setKeyStorePassword(identityPassword);
        });
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        if (!verify) {
            factory.setTrustAll(true);
            factory.setEndpointIdentificationAlgorithm(null);
        } else {
            trustedRoots.ifPresent(factory::setTrustStore);
            factory.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return factory;
    }
}
