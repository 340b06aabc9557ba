package io.gizmoedge.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Opens WebSocket connections to the server: TLS (or plain, when asked), credentials in the
 * upgrade request, message size and idle limits; failures become one clear sentence.
 */
public final class WebSocketConnector implements AutoCloseable {
    private static final long CONNECT_TIMEOUT_SECONDS = 30;
    private static final long BUSY_FIRST_PAUSE_MILLIS = 250;
    private static final long BUSY_LONGEST_PAUSE_MILLIS = 2000;

    private final WebSocketClient client;
    private final boolean tls;
    /** The options that set the address connected to, named in failures. */
    private final String addressOptions;

    /** A connector to the server, whose address {@code --server-hostname} and {@code --server-port} set. */
    public WebSocketConnector(boolean tls, SslContextFactory.Client sslContextFactory, long maxMessageBytes,
            Duration idleTimeout, String threadPoolName) throws IOException {
        this(tls, sslContextFactory, maxMessageBytes, idleTimeout, threadPoolName, "--server-hostname and --server-port");
    }

    /** A connector whose failures name {@code addressOptions} as what sets the address. */
    public WebSocketConnector(boolean tls, SslContextFactory.Client sslContextFactory, long maxMessageBytes,
            Duration idleTimeout, String threadPoolName, String addressOptions) throws IOException {
        this.tls = tls;
        this.addressOptions = addressOptions;
        ClientConnector connector = new ClientConnector();
        if (tls) {
            connector.setSslContextFactory(sslContextFactory);
        }
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName(threadPoolName);
        threads.setDaemon(true);
        connector.setExecutor(threads);
        HttpClient httpClient = new HttpClient(new HttpClientTransportOverHTTP(connector));
        httpClient.setExecutor(threads);
        this.client = new WebSocketClient(httpClient);
        client.setMaxBinaryMessageSize(maxMessageBytes);
        client.setMaxTextMessageSize(maxMessageBytes);
        client.setIdleTimeout(idleTimeout);
        client.setStopAtShutdown(false);
        try {
            client.start();
        } catch (Exception e) {
            throw new IOException("cannot start the WebSocket client: " + e.getMessage(), e);
        }
    }

    /**
     * Connects {@code endpoint} to {@code path} on the server and waits for the upgrade. A server
     * that answers 503 (busy checking other logins) is asked again, a little later each time,
     * until {@value #CONNECT_TIMEOUT_SECONDS} s have passed.
     */
    public Session connect(Object endpoint, String host, int port, String path, BasicCredentials credentials)
            throws ConnectionFailedException {
        URI uri = URI.create((tls ? "wss://" : "ws://") + host + ":" + port + path);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONNECT_TIMEOUT_SECONDS);
        long pauseMillis = BUSY_FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                return connectOnce(endpoint, uri, credentials);
            } catch (ConnectionFailedException e) {
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (!busy(e) || remainingMillis <= pauseMillis) {
                    throw e;
                }
                try {
                    Thread.sleep(pauseMillis + ThreadLocalRandom.current().nextLong(pauseMillis / 2 + 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ConnectionFailedException("interrupted while connecting to " + uri, interrupted, false);
                }
                pauseMillis = Math.min(pauseMillis * 2, BUSY_LONGEST_PAUSE_MILLIS);
            }
        }
    }

    private Session connectOnce(Object endpoint, URI uri, BasicCredentials credentials) throws ConnectionFailedException {
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        request.setHeader("Authorization", credentials.headerValue());
        java.util.concurrent.CompletableFuture<Session> upgrade;
        try {
            upgrade = client.connect(endpoint, uri, request);
        } catch (IOException e) {
            throw new ConnectionFailedException(explain(uri, credentials.username(), e), e, isRefusal(e));
        }
        try {
            return upgrade.get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            abandon(upgrade);
            Thread.currentThread().interrupt();
            throw new ConnectionFailedException("interrupted while connecting to " + uri, e, false);
        } catch (TimeoutException e) {
            abandon(upgrade);
            throw new ConnectionFailedException("no answer from " + uri + " within " + CONNECT_TIMEOUT_SECONDS
                    + " s; check " + addressOptions, e, false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ConnectionFailedException(explain(uri, credentials.username(), cause), cause, isRefusal(cause));
        }
    }

    /** Whether the server answered 503: it is busy checking logins, and a later attempt may pass. */
    private static boolean busy(ConnectionFailedException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (upgradeStatus(t) == 503) {
                return true;
            }
        }
        return false;
    }

    /** A connection given up on must not open later behind the caller's back: close it if it does. */
    private static void abandon(java.util.concurrent.CompletableFuture<Session> upgrade) {
        upgrade.whenComplete((session, failure) -> {
            if (session != null) {
                session.close();
            }
        });
    }

    String explain(URI uri, String username, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            int status = upgradeStatus(t);
            if (status == 401) {
                return "login refused by " + uri + ": wrong user name or password for user '" + username + "'";
            }
            if (status == 403 && uri.getPath().equals("/worker")) {
                return "the server at " + uri + " refused user '" + username + "' (HTTP 403): either the account is not "
                        + "the worker account, or the server requires a worker certificate (--worker-client-ca) and none "
                        + "it trusts was presented; start the worker with --tls-certificate and --tls-key (files that "
                        + "bootstrap --worker-certificate writes)";
            }
            if (status == 403) {
                return "user '" + username + "' may not use " + uri.getPath()
                        + " (client accounts use /client, the worker account uses /worker)";
            }
            if (status == 429) {
                return "login refused by " + uri + ": too many failed logins for user '" + username
                        + "' or from this address; wait a minute and try again";
            }
            if (status == 503) {
                return "the server at " + uri + " stayed busy checking other logins for " + CONNECT_TIMEOUT_SECONDS
                        + " s (HTTP 503); try again later";
            }
            if (status == 400 && uri.getScheme().equals("ws")) {
                return "the server at " + uri + " refused the plain connection (HTTP 400): it requires TLS; drop --no-tls";
            }
            if (status > 0) {
                return "the server at " + uri + " refused the connection with HTTP status " + status;
            }
            if (t instanceof SSLException) {
                return "TLS handshake with " + uri + " failed (" + t.getMessage()
                        + "); check --tls-roots points to the server's certificate, or that the server uses TLS";
            }
            if (t instanceof ConnectException) {
                return "cannot connect to " + uri + ": nothing is listening there; is the server running?";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + uri.getHost() + "; check " + addressOptions;
            }
            if (t instanceof ClosedChannelException || t instanceof java.io.EOFException) {
                return "the server at " + uri + " closed the connection during the handshake"
                        + (uri.getScheme().equals("ws") ? "; it probably requires TLS (drop --no-tls)" : "");
            }
        }
        return "cannot connect to " + uri + ": " + failure;
    }

    private static boolean isRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            int status = upgradeStatus(t);
            if (status == 401 || status == 403) {
                return true;
            }
        }
        return false;
    }

    private static int upgradeStatus(Throwable t) {
        if (t instanceof org.eclipse.jetty.websocket.core.exception.UpgradeException core) {
            return core.getResponseStatusCode();
        }
        if (t instanceof org.eclipse.jetty.websocket.api.exceptions.UpgradeException api) {
            return api.getResponseStatusCode();
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception ignored) {
            // stopping a client that failed is best effort
        }
    }
}
