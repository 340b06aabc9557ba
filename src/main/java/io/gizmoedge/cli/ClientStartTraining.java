package io.gizmoedge.cli;

import io.gizmoedge.engine.ArrowFrameEncoder;
import io.gizmoedge.protocol.BinaryFrame;
import io.gizmoedge.protocol.ExecutionLocation;
import io.gizmoedge.protocol.ExecutionSummary;
import io.gizmoedge.protocol.MalformedMessageException;
import io.gizmoedge.protocol.Message;
import io.gizmoedge.protocol.MessageCodec;
import io.gizmoedge.security.PemKeyStores;
import io.gizmoedge.security.TlsCertificateGenerator;
import io.gizmoedge.transport.FrameSender;
import io.gizmoedge.transport.TlsContexts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The training run of the build's class-data-sharing archive ({@code target/gizmo-edge.jsa}, made with
 * {@code -XX:ArchiveClassesAtExit}): one {@code gizmo-edge client ... -c 'SELECT 1'}, through the same
 * command line and code as a user's, against a stand-in server in this JVM that answers every query
 * with one Arrow row. So the archive holds what a one-shot statement loads (picocli, Jetty's client,
 * the TLS handshake, Jackson, Arrow's reader, the table formatter) without a bootstrapped cluster.
 * Exit status: the client's.
 */
public final class ClientStartTraining {
    private static final String SQL = "SELECT 1";

    private ClientStartTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("gizmo-edge-training");
        int exit;
        try {
            exit = run(directory);
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        System.exit(exit);
    }

    private static int run(Path directory) throws Exception {
        Path certificate = directory.resolve("server.crt");
        Path key = directory.resolve("server.key");
        new TlsCertificateGenerator("localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1),
                Clock.systemUTC()).generate().writePem(certificate, key);
        Server jetty = standInServer(certificate, key);
        jetty.start();
        try {
            int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
            String[] arguments = {"client", "--server-hostname", "localhost", "--server-port", String.valueOf(port),
                "--tls-roots", certificate.toString(), "--username", "training", "--password", "training", "-c", SQL};
            PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
            return GizmoEdgeCommand.newCommandLine(arguments).setOut(discard).setErr(discard).execute(arguments);
        } finally {
            jetty.stop();
        }
    }

    /** A TLS WebSocket server on a free loopback port whose /client endpoint answers every query with one row. */
    private static Server standInServer(Path certificate, Path key) throws IOException {
        Server jetty = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer(false));
        HttpConnectionFactory plain = new HttpConnectionFactory(http);
        var tls = TlsContexts.server(PemKeyStores.serverKeyStore(certificate, key),
                new String(PemKeyStores.inMemoryKeyPassword()));
        ServerConnector connector = new ServerConnector(jetty, new SslConnectionFactory(tls, plain.getProtocol()), plain);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(WebSocketUpgradeHandler.from(jetty,
                container -> container.addMapping("/client", (request, response, callback) -> new OneRowAnswers())));
        return jetty;
    }

    /** Answers each Query with a one-column, one-row Arrow frame and QueryComplete (public: Jetty calls it through method handles). */
    public static final class OneRowAnswers implements Session.Listener.AutoDemanding {
        private final MessageCodec codec = new MessageCodec();
        private FrameSender sender;

        @Override
        public void onWebSocketOpen(Session session) {
            sender = new FrameSender(session, codec);
        }

        @Override
        public void onWebSocketText(String text) {
            try {
                if (codec.decode(text) instanceof Message.Query query) {
                    for (byte[] payload : oneRow()) {
                        sender.sendBinary(BinaryFrame.Kind.ARROW, query.requestId(), payload);
                    }
                    sender.send(new Message.QueryComplete(query.requestId(),
                            new ExecutionSummary(ExecutionLocation.SERVER, 0, 0, "training run", 1, 0, 0, 0,
                                    io.gizmoedge.protocol.ServerRunCause.PLANNER)));
                }
            } catch (MalformedMessageException | IOException e) {
                throw new IllegalStateException("the training run's stand-in server failed", e);
            }
        }

        private static List<byte[]> oneRow() throws IOException {
            try (BufferAllocator allocator = new RootAllocator();
                    IntVector column = new IntVector("1", allocator)) {
                column.allocateNew(1);
                column.set(0, 1);
                column.setValueCount(1);
                try (VectorSchemaRoot root = VectorSchemaRoot.of(column)) {
                    List<byte[]> payloads = new ArrayList<>();
                    new ArrowFrameEncoder(1024 * 1024).encodeBatch(root, payloads::add);
                    return payloads;
                }
            }
        }
    }
}
