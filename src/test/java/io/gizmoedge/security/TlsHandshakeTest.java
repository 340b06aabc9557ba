package io.gizmoedge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsHandshakeTest {
    @TempDir
    Path dir;

    @Test
    void generatedCertificateHasTheExpectedNamesAndValidity() throws Exception {
        X509Certificate certificate = TlsCertificateGenerator.forThisMachine().generate().certificate();
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        List<String> names = certificate.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1");
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
                .isGreaterThan(Duration.ofDays(366));
        certificate.checkValidity();
    }

    @Test
    void handshakeSucceedsWithStoresLoadedFromPem() throws Exception {
        Path certFile = dir.resolve("tls/server.crt");
        Path keyFile = dir.resolve("tls/server.key");
        TlsCertificateGenerator.forThisMachine().generate().writePem(certFile, keyFile);

        assertThat(Files.readString(certFile)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(keyFile))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }

        KeyStore serverStore = PemKeyStores.serverKeyStore(certFile, keyFile);
        assertThat(serverStore.isKeyEntry(TlsMaterial.KEY_ALIAS)).isTrue();
        KeyStore trustStore = PemKeyStores.trustStore(List.of(certFile));

        assertThat(echoOverTls(TlsMaterial.load(certFile, keyFile), trustStore, "localhost")).isEqualTo(42);
        assertThat(echoOverTls(TlsMaterial.load(certFile, keyFile), trustStore, "127.0.0.1")).isEqualTo(42);
    }

    @Test
    void handshakeFailsWhenTheClientTrustsAnotherCertificate() throws Exception {
        Path otherCert = dir.resolve("other.crt");
        Path otherKey = dir.resolve("other.key");
        TlsCertificateGenerator.forThisMachine().generate().writePem(otherCert, otherKey);
        TlsMaterial server = TlsCertificateGenerator.forThisMachine().generate().toTlsMaterial();

        assertThatThrownBy(() -> echoOverTls(server, PemKeyStores.trustStore(List.of(otherCert)), "localhost"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void handshakeFailsForANameNotInTheCertificate() throws Exception {
        SelfSignedCertificate generated = new TlsCertificateGenerator("test", List.of("example.invalid"), List.of(),
                Duration.ofDays(400), Clock.systemUTC()).generate();
        Path certFile = dir.resolve("named.crt");
        generated.writePem(certFile, dir.resolve("named.key"));

        assertThatThrownBy(() -> echoOverTls(generated.toTlsMaterial(), PemKeyStores.trustStore(List.of(certFile)), "localhost"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void missingAndMalformedFilesAreExplained() throws IOException {
        Path missing = dir.resolve("nope.crt");
        assertThatThrownBy(() -> PemKeyStores.trustStore(List.of(missing)))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());

        Path notPem = dir.resolve("garbage.crt");
        Files.writeString(notPem, "hello\n");
        assertThatThrownBy(() -> PemFiles.readCertificates(notPem))
                .hasMessageContaining(notPem.toString()).hasMessageContaining("no PEM CERTIFICATE");

        Path broken = dir.resolve("broken.crt");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemFiles.readCertificates(broken)).hasMessageContaining(broken.toString());

        Path certOnly = dir.resolve("cert-only.pem");
        TlsCertificateGenerator.forThisMachine().generate().writePem(certOnly, dir.resolve("k.pem"));
        assertThatThrownBy(() -> PemFiles.readPrivateKey(certOnly))
                .hasMessageContaining(certOnly.toString()).hasMessageContaining("no PEM private key");
    }

    /** Server echoes one byte; returns what the client read back. */
    private static int echoOverTls(TlsMaterial server, KeyStore trustStore, String hostName) throws Exception {
        try (SSLServerSocket serverSocket = (SSLServerSocket) server.serverSslContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serverSocket.setSoTimeout(10_000);
            CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) serverSocket.accept()) {
                    socket.setSoTimeout(10_000);
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    out.write(in.read());
                    out.flush();
                } catch (IOException e) {
                    // the client side reports the failure
                }
            });
            // a plain loopback connection, then TLS over it naming hostName: SNI and endpoint
            // identification check hostName against the certificate's subject alternative names
            try (Socket plain = new Socket(serverSocket.getInetAddress(), serverSocket.getLocalPort());
                    SSLSocket client = (SSLSocket) PemKeyStores.clientSslContext(trustStore).getSocketFactory()
                            .createSocket(plain, hostName, serverSocket.getLocalPort(), true)) {
                client.setSoTimeout(10_000);
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                client.startHandshake();
                client.getOutputStream().write(42);
                client.getOutputStream().flush();
                return client.getInputStream().read();
            } finally {
                serverSide.get(10, TimeUnit.SECONDS);
            }
        }
    }
}
