package io.gizmoedge.integration;

import io.gizmoedge.security.CertificateFiles;
import io.gizmoedge.security.PemKeyStores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * WebSocket upgrade requests written by hand over a socket, from a chosen local address, so that a
 * test sees the server's exact status, headers and body (which the WebSocket client hides) and can
 * attack from several source addresses of the loopback network (127.0.0.2, 127.0.0.3, ...).
 */
final class RawUpgrade {
    private final int port;
    private final SSLContext tls;

    /** The server's answer: status, headers (lower-case names) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /** Requests to {@code port} over TLS trusting {@code serverCertificate}, presenting {@code clientCertificate} if given. */
    RawUpgrade(int port, Path serverCertificate, Optional<CertificateFiles> clientCertificate) throws Exception {
        this.port = port;
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(PemKeyStores.trustStore(List.of(serverCertificate)));
        KeyManagerFactory keys = null;
        if (clientCertificate.isPresent()) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(clientCertificate.get().keyStore(), PemKeyStores.inMemoryKeyPassword());
        }
        this.tls = SSLContext.getInstance("TLS");
        tls.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    }

    /** An upgrade of {@code path} with Basic credentials, over TLS from {@code localAddress}. */
    Answer upgrade(String localAddress, String path, String user, String password) throws IOException {
        try (Socket socket = openTls(localAddress)) {
            return exchange(socket, request(path, user, password));
        }
    }

    /** Sends an upgrade of {@code path} with Basic credentials over {@code socket} (TLS done) and reads the answer. */
    Answer upgrade(Socket socket, String path, String user, String password) throws IOException {
        return exchange(socket, request(path, user, password));
    }

    /** The same request without TLS, as a {@code ws://} client would send it to the TLS port. */
    Answer plainUpgrade(String localAddress, String path, String user, String password) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0)) {
            socket.setSoTimeout(30_000);
            return exchange(socket, request(path, user, password));
        }
    }

    /** A TLS socket from {@code localAddress} with the handshake done. */
    SSLSocket openTls(String localAddress) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getByName("127.0.0.1"), port,
                InetAddress.getByName(localAddress), 0);
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        return socket;
    }

    String request(String path, String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return "GET " + path + " HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Authorization: Basic " + credentials + "\r\n"
                + "\r\n";
    }

    private static Answer exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new IOException("the server closed the connection without an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        if (status == 101) {
            return new Answer(status, headers, "");
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "-1"));
        byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }
}
