package io.gizmoedge.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.bootstrap.BootstrapLayout;
import io.gizmoedge.bootstrap.BootstrapOptions;
import io.gizmoedge.bootstrap.Bootstrapper;
import io.gizmoedge.bootstrap.ProgressListener;
import io.gizmoedge.bootstrap.TpchPlacement;
import io.gizmoedge.client.ConnectionSettings;
import io.gizmoedge.client.QueryExecutor;
import io.gizmoedge.client.QueryResult;
import io.gizmoedge.client.WebSocketQueryExecutor;
import io.gizmoedge.demo.TpchDemo;
import io.gizmoedge.engine.DuckDbSettings;
import io.gizmoedge.protocol.QueryOptions;
import io.gizmoedge.security.CertificateAuthority;
import io.gizmoedge.security.CertificateFiles;
import io.gizmoedge.security.PasswordHasher;
import io.gizmoedge.security.PemKeyStores;
import io.gizmoedge.security.TlsCertificateGenerator;
import io.gizmoedge.planner.PlannerSettings;
import io.gizmoedge.server.GizmoEdgeServer;
import io.gizmoedge.server.ServerConfig;
import io.gizmoedge.transport.BasicCredentials;
import io.gizmoedge.transport.ConnectionFailedException;
import io.gizmoedge.transport.TlsContexts;
import io.gizmoedge.transport.WebSocketConnector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's defences at login, on a real server in this JVM with real TLS and WebSockets: plain
 * HTTP on the TLS port, the login throttle, the deadline and cap on connections that have not
 * authenticated, and worker certificates. Each test attacks from its own loopback address
 * (127.0.0.x) and with its own user names, so the throttle's memory of one test does not reach
 * another.
 */
class LoginDefenceTest {
    private static final Duration AUTHENTICATION_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_UNAUTHENTICATED = 8;

    private static Path root;
    private static BootstrapLayout layout;
    private static GizmoEdgeServer server;
    private static RawUpgrade raw;

    @BeforeAll
    static void startServer() throws Exception {
        root = TestDataset.workDirectory("login-defence");
        layout = BootstrapLayout.inDataDirectory(root.resolve("data"), root.resolve("tls/server.crt"),
                root.resolve("tls/server.key"));
        new Bootstrapper(new PasswordHasher(PasswordHasher.MIN_ITERATIONS), TlsCertificateGenerator.forThisMachine(),
                TpchPlacement.tables()).run(BootstrapOptions.of(0, 2, TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD,
                        TpchDemo.WORKER_PASSWORD, layout).withWorkerCertificates(List.of("worker-a")),
                ProgressListener.printingTo(new PrintStream(System.err, true)));
        CertificateAuthority other = CertificateAuthority.create("another CA", Duration.ofDays(30), Clock.systemUTC());
        other.issueClientCertificate("intruder", Duration.ofDays(30), Clock.systemUTC())
                .writePem(root.resolve("tls/intruder.crt"), root.resolve("tls/intruder.key"));

        // the server runs in this JVM: compile PBKDF2 now, or the first 600,000-iteration check takes seconds
        new PasswordHasher().hash("warm-up");
        ServerConfig config = new ServerConfig("127.0.0.1", 0,
                Optional.of(new ServerConfig.TlsFiles(layout.tlsCertificateFile(), layout.tlsKeyFile())),
                layout.userListFile(), layout.databaseFile(), layout.manifestFile(), new DuckDbSettings(1, Optional.empty()),
                Duration.ofSeconds(60), 16 * 1024 * 1024, List.of(), Optional.empty(), ServerConfig.Deadlines.DEFAULT,
                new ServerConfig.Authentication(AUTHENTICATION_TIMEOUT, MAX_UNAUTHENTICATED, 1,
                        Optional.of(layout.workerCaCertificateFile())), 0, Optional.empty(), PlannerSettings.DEFAULT,
                ServerConfig.defaultMaxQueryMemoryBytes(), ServerConfig.defaultMaxTotalQueryMemoryBytes());
        server = GizmoEdgeServer.start(config);
        raw = new RawUpgrade(server.port(), layout.tlsCertificateFile(), Optional.empty());

    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static ConnectionSettings settings(String user, String password, boolean tls) {
        return new ConnectionSettings("localhost", server.port(), tls, layout.tlsCertificateFile(), true, user, password,
                16 * 1024 * 1024);
    }

    private static CertificateFiles workerCertificate() {
        return new CertificateFiles(layout.workerCertificateFile("worker-a"), layout.workerKeyFile("worker-a"));
    }

    @Test
    void plainHttpOnTheTlsPortIsAnswered400() throws Exception {
        RawUpgrade.Answer answer = raw.plainUpgrade("127.0.0.1", "/client", TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("this port speaks TLS: connect with wss:// (https://), not ws:// (http://)\n");
        assertThat(answer.header("connection")).contains("close");

        assertThatThrownBy(() -> new WebSocketQueryExecutor(settings(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, false)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused the plain connection (HTTP 400): it requires TLS; drop --no-tls");
    }

    @Test
    void afterThreeFailuresAttemptsAreRefused429BeforeAnyPasswordIsChecked() throws Exception {
        String address = "127.0.0.3";
        for (int i = 1; i <= 4; i++) {
            RawUpgrade.Answer answer = raw.upgrade(address, "/client", "mallory", "guess-" + i);
            assertThat(answer.status()).as("attempt %d is checked", i).isEqualTo(401);
            assertThat(answer.body()).contains("wrong user name or password");
        }
        RawUpgrade.Answer first = raw.upgrade(address, "/client", "mallory", "guess-5");
        assertThat(first.status()).isEqualTo(429);
        assertThat(first.header("retry-after")).contains("1");
        assertThat(first.body()).contains("too many failed logins for this user name or from this address; try again in 1 s");
        // each failure after the block doubles it: 2 s, then 4 s, long enough for the checks below
        Thread.sleep(1100);
        assertThat(raw.upgrade(address, "/client", "mallory", "guess-6").status()).isEqualTo(401);
        Thread.sleep(2100);
        assertThat(raw.upgrade(address, "/client", "mallory", "guess-7").status()).isEqualTo(401);

        long checkingBefore = passwordCheckCpuNanos();
        for (int i = 0; i < 10; i++) {
            RawUpgrade.Answer throttled = raw.upgrade(address, "/client", "mallory", "guess-again");
            assertThat(throttled.status()).isEqualTo(429);
            String retryAfter = throttled.header("retry-after").orElseThrow();
            assertThat(Integer.parseInt(retryAfter)).isBetween(1, 4);
            assertThat(throttled.body()).contains("try again in " + retryAfter + " s");
        }
        // unknown names are checked against a 600,000-iteration hash, about 0.2 s of a core each
        assertThat(Duration.ofNanos(passwordCheckCpuNanos() - checkingBefore)).as("CPU spent checking passwords")
                .isLessThan(Duration.ofMillis(100));

        assertThat(raw.upgrade(address, "/client", TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD).status())
                .as("the address is blocked for every name").isEqualTo(429);
        assertThat(raw.upgrade("127.0.0.4", "/client", "mallory", "from-elsewhere").status())
                .as("the name is blocked from every address").isEqualTo(429);
        assertThat(raw.upgrade("127.0.0.4", "/client", TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD).status())
                .as("others are not").isEqualTo(101);

        assertThatThrownBy(() -> new WebSocketQueryExecutor(settings("mallory", "guess-6", true)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("too many failed logins for user 'mallory' or from this address");
    }

    @Test
    void connectionsThatDoNotAuthenticateAreClosedAtTheDeadlineEvenWhenTheyKeepSending() throws Exception {
        try (SSLSocket socket = raw.openTls("127.0.0.5")) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /client HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - started < Duration.ofSeconds(20).toNanos()) {
                try {
                    out.write("X-Slow: a\r\n".getBytes(StandardCharsets.US_ASCII)); // a header every 200 ms: never idle
                    out.flush();
                    Thread.sleep(200);
                } catch (IOException e) {
                    closed = true;
                }
            }
            Duration open = Duration.ofNanos(System.nanoTime() - started);
            assertThat(closed).as("closed by the server").isTrue();
            assertThat(open).isGreaterThanOrEqualTo(AUTHENTICATION_TIMEOUT.minusMillis(500))
                    .isLessThan(AUTHENTICATION_TIMEOUT.plusSeconds(7));
        }
    }

    @Test
    void connectionsWaitingToAuthenticateAreCappedPerAddressAndInAll() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_UNAUTHENTICATED / 2; i++) {
                held.add(silentConnection("127.0.0.6"));
            }
            assertThat(isOpen(held.get(held.size() - 1))).as("four from one address").isTrue();
            awaitWaitingToAuthenticate(held.size());
            try (Socket beyondShare = silentConnection("127.0.0.6")) {
                assertThat(closedByServer(beyondShare)).as("a fifth from the same address").isTrue();
            }
            for (int i = 0; i < MAX_UNAUTHENTICATED / 2; i++) {
                held.add(silentConnection("127.0.0." + (20 + i)));
            }
            // the server counts a socket when its selector opens it, after connect() returns here
            awaitWaitingToAuthenticate(held.size());
            try (Socket beyondAll = silentConnection("127.0.0.30")) {
                assertThat(closedByServer(beyondAll)).as("a ninth in all").isTrue();
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        // every held socket is gone (closed by us or at the deadline): the cap no longer bites
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean admitted = false;
        while (!admitted && System.nanoTime() < deadline) {
            try (Socket again = silentConnection("127.0.0.6")) {
                admitted = isOpen(again);
            }
            if (!admitted) {
                Thread.sleep(200);
            }
        }
        assertThat(admitted).isTrue();
    }

    @Test
    void anAuthenticatedConnectionOutlivesTheAuthenticationDeadline() throws Exception {
        try (QueryExecutor client = new WebSocketQueryExecutor(settings(TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD, true))) {
            Thread.sleep(AUTHENTICATION_TIMEOUT.plusSeconds(1).toMillis());
            try (QueryResult result = client.execute("SELECT 6 * 7 AS answer", QueryOptions.DEFAULT)) {
                assertThat(result.batches().get(0).getVector(0).getObject(0)).isEqualTo(42);
            }
        }
    }

    @Test
    void aWorkerNeedsACertificateOfTheWorkerCaAndClientsDoNot() throws Exception {
        RawUpgrade.Answer withoutCertificate = raw.upgrade("127.0.0.7", "/worker", "worker", TpchDemo.WORKER_PASSWORD);
        assertThat(withoutCertificate.status()).isEqualTo(403);
        assertThat(withoutCertificate.body()).contains("a worker needs a client certificate signed by the server's worker CA");

        RawUpgrade withCertificate = new RawUpgrade(server.port(), layout.tlsCertificateFile(), Optional.of(workerCertificate()));
        assertThat(withCertificate.upgrade("127.0.0.7", "/worker", "worker", TpchDemo.WORKER_PASSWORD).status()).isEqualTo(101);
        assertThat(withCertificate.upgrade("127.0.0.7", "/worker", "worker", "wrong").status())
                .as("the certificate does not replace the password").isEqualTo(401);
        assertThat(raw.upgrade("127.0.0.7", "/client", TpchDemo.CLIENT_USER, TpchDemo.CLIENT_PASSWORD).status())
                .as("clients need no certificate").isEqualTo(101);

        RawUpgrade intruder = new RawUpgrade(server.port(), layout.tlsCertificateFile(),
                Optional.of(new CertificateFiles(root.resolve("tls/intruder.crt"), root.resolve("tls/intruder.key"))));
        int intruderStatus;
        try {
            intruderStatus = intruder.upgrade("127.0.0.8", "/worker", "worker", TpchDemo.WORKER_PASSWORD).status();
        } catch (SSLException | java.net.SocketException e) {
            intruderStatus = -1; // the TLS layer refused the certificate
        }
        assertThat(intruderStatus).as("a certificate of another CA fails the handshake or counts as none").isIn(-1, 403);
    }

    @Test
    void theWorkersConnectorPresentsItsCertificateAndExplainsARefusal() throws Exception {
        var trust = Optional.of(PemKeyStores.trustStore(List.of(layout.tlsCertificateFile())));
        try (WebSocketConnector without = new WebSocketConnector(true, TlsContexts.client(trust, true),
                16 * 1024 * 1024, Duration.ofSeconds(60), "test-no-certificate")) {
            assertThatThrownBy(() -> without.connect(new RawClientSocket(), "localhost", server.port(), "/worker",
                    new BasicCredentials("worker", TpchDemo.WORKER_PASSWORD)))
                    .isInstanceOfSatisfying(ConnectionFailedException.class, e -> assertThat(e.refusedByServer()).isTrue())
                    .hasMessageContaining("requires a worker certificate (--worker-client-ca)")
                    .hasMessageContaining("--tls-certificate and --tls-key");
        }
        try (WebSocketConnector with = new WebSocketConnector(true, TlsContexts.client(trust, true,
                PemKeyStores.identityIfGiven(Optional.of(workerCertificate())),
                new String(PemKeyStores.inMemoryKeyPassword())), 16 * 1024 * 1024, Duration.ofSeconds(60), "test-certificate")) {
            Session session = with.connect(new RawClientSocket(), "localhost", server.port(), "/worker",
                    new BasicCredentials("worker", TpchDemo.WORKER_PASSWORD));
            assertThat(session.isOpen()).isTrue();
            session.close();
        }
    }

    /** A TCP connection that sends nothing (it never gets past TLS detection). */
    private static Socket silentConnection(String localAddress) throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), server.port(), InetAddress.getByName(localAddress), 0);
        socket.setSoTimeout(100);
        return socket;
    }

    private static boolean isOpen(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() >= 0;
        } catch (SocketTimeoutException e) {
            return true; // nothing to read, and not closed
        }
    }

    /** Waits until the server counts at least {@code count} connections waiting to authenticate. */
    private static void awaitWaitingToAuthenticate(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (server.connectionsWaitingToAuthenticate() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.connectionsWaitingToAuthenticate()).as("connections the server counts as waiting")
                .isGreaterThanOrEqualTo(count);
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        try {
            InputStream in = socket.getInputStream();
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** CPU time of the server's password check threads so far. */
    private static long passwordCheckCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("password-check-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }
}
