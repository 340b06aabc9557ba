package io.gizmoedge.flight;

import io.gizmoedge.security.PasswordLogin;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import io.gizmoedge.engine.DaemonThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's Arrow Flight SQL port: gRPC over TLS with the server's certificate and key, the same
 * logins as the WebSocket endpoint, and {@link GizmoFlightSqlProducer} behind it.
 */
public final class FlightSqlEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlightSqlEndpoint.class);
    /** A ticket not read this long after it was issued is forgotten. */
    private static final Duration UNREAD_TICKET_LIFETIME = Duration.ofMinutes(10);

    private final FlightServer server;
    private final BufferAllocator allocator;

    /**
     * Settings of the endpoint.
     *
     * @param bindHost the address to listen on
     * @param port the port (0 picks a free one)
     * @param tls the server's PEM certificate and PKCS#8 key; empty serves plain gRPC (testing only)
     * @param sessionIdleTimeout a session (its token) unused this long expires; prepared statements too
     * @param serverVersion the version GetSqlInfo reports
     */
    public record Settings(String bindHost, int port, Optional<TlsFiles> tls, Duration sessionIdleTimeout,
            String serverVersion) {
        public Settings {
            Objects.requireNonNull(bindHost, "bindHost");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
            Objects.requireNonNull(serverVersion, "serverVersion");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("the Flight SQL port must be between 0 and 65535, not " + port);
            }
        }
    }

    /** PEM certificate chain and private key. */
    public record TlsFiles(Path certificate, Path privateKey) {
        public TlsFiles {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    private final ExecutorService queryThreads;

    private FlightSqlEndpoint(FlightServer server, BufferAllocator allocator, ExecutorService queryThreads) {
        this.server = server;
        this.allocator = allocator;
        this.queryThreads = queryThreads;
    }

    /** Starts listening; {@code parentAllocator} gives the endpoint a child allocator of its own. */
    public static FlightSqlEndpoint start(Settings settings, QueryBackend backend, PasswordLogin login,
            BufferAllocator parentAllocator) throws IOException {
        BufferAllocator allocator = parentAllocator.newChildAllocator("flight-sql", 0, Long.MAX_VALUE);
        ExecutorService queryThreads = Executors.newCachedThreadPool(DaemonThreads.named("flight-query"));
        try {
            SessionTokens sessions = new SessionTokens(settings.sessionIdleTimeout(), InstantSource.system(),
                    backend::sessionEnded);
            FlightQueries queries = new FlightQueries(UNREAD_TICKET_LIFETIME, settings.sessionIdleTimeout(), InstantSource.system());
            GizmoFlightSqlProducer producer = new GizmoFlightSqlProducer(backend, sessions, queries, allocator,
                    settings.serverVersion(), queryThreads);
            Location location = settings.tls().isPresent()
                    ? Location.forGrpcTls(settings.bindHost(), settings.port())
                    : Location.forGrpcInsecure(settings.bindHost(), settings.port());
            FlightServer.Builder builder = FlightServer.builder(allocator, location, producer)
                    .headerAuthenticator(new FlightAuthenticator(login, sessions))
                    .middleware(DistributedOptionHeader.KEY, new DistributedOptionHeader.Factory());
            if (settings.tls().isPresent()) {
                builder.useTls(settings.tls().get().certificate().toFile(), settings.tls().get().privateKey().toFile());
            }
            FlightServer server = builder.build();
            server.start();
            LOG.info("Flight SQL listening on {}://{}:{}", settings.tls().isPresent() ? "grpc+tls" : "grpc",
                    settings.bindHost(), server.getPort());
            if (settings.tls().isEmpty()) {
                LOG.warn("Flight SQL without TLS: passwords, tokens and data travel in clear text");
            }
            return new FlightSqlEndpoint(server, allocator, queryThreads);
        } catch (IOException | RuntimeException e) {
            queryThreads.shutdownNow();
            allocator.close();
            throw new IOException("cannot serve Flight SQL on port " + settings.port() + ": " + e.getMessage(), e);
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        queryThreads.shutdownNow();
        try {
            server.shutdown();
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("stopping Flight SQL failed: {}", e.toString());
        }
        try {
            allocator.close();
        } catch (IllegalStateException e) {
            LOG.warn("Flight SQL memory still allocated at close: {}", e.getMessage());
        }
    }
}
