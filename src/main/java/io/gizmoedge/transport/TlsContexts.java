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
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStore(keyStore);
        factory.setKeyStorePassword(keyStorePassword);
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return factory;
    }

    /**
     * The connecting side. With {@code verify}, the server's certificate must chain to
     * {@code trustedRoots} (or to the JVM's default roots when none are given) and name the host;
     * without it every certificate is accepted (for testing only).
     */
    public static SslContextFactory.Client client(Optional<KeyStore> trustedRoots, boolean verify) {
        SslContextFactory.Client factory = new SslContextFactory.Client();
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
