package io.gizmoedge.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible store for tests: s3proxy (its jar-with-dependencies, which Maven copies to
 * target/s3proxy) started as a process of its own, so that its Jetty, AWS SDK and logging stay off
 * the test classpath, which the cluster's processes share. Objects live in a folder (s3proxy's
 * filesystem store), so the store can be restarted with other credentials, or stopped, and keep
 * its objects.
 */
final class S3TestServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final int port;
    private final String accessKeyId;
    private Process process;
    private int starts;

    private S3TestServer(Path directory, int port, String accessKeyId) {
        this.directory = directory;
        this.port = port;
        this.accessKeyId = accessKeyId;
    }

    /** Starts a store on a free port that accepts {@code accessKeyId} with {@code secretAccessKey}. */
    static S3TestServer start(Path directory, String accessKeyId, String secretAccessKey) throws IOException, InterruptedException {
        Files.createDirectories(directory.resolve("blobs"));
        S3TestServer server = new S3TestServer(directory.toAbsolutePath(), freePort(), accessKeyId);
        server.restart(secretAccessKey);
        return server;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops the store (if it runs) and starts it again on the same port and objects, now accepting {@code secretAccessKey}. */
    synchronized void restart(String secretAccessKey) throws IOException, InterruptedException {
        stop();
        starts++;
        Path properties = directory.resolve("s3proxy-" + starts + ".properties");
        Files.write(properties, List.of(
                "s3proxy.endpoint=" + endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKeyId,
                "s3proxy.credential=" + secretAccessKey,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + directory.resolve("blobs"),
                "jclouds.identity=unused",
                "jclouds.credential=unused"));
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-jar", jar().toString(),
                "--properties", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("s3proxy-" + starts + ".log").toFile());
        builder.environment().put("LOG_LEVEL", "warn");
        process = builder.start();
        awaitListening();
    }

    /** Stops the store; its objects stay in its folder. */
    synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        process = null;
    }

    /** A client of this store signing with {@code secretAccessKey}; the caller closes it. */
    S3Client client(String secretAccessKey) {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** Stores the file {@code file} as {@code key} in {@code bucket}. */
    static void upload(S3Client client, String bucket, String key, Path file) {
        client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromFile(file));
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("s3proxy exited with status " + process.exitValue() + "; see " + directory);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IOException("s3proxy did not listen on port " + port + " within " + START_TIMEOUT.toSeconds() + " s; see "
                + directory);
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new UncheckedIOException(new IOException("no s3proxy jar at " + jar.toAbsolutePath()
                    + "; run the tests through Maven, which copies it there (generate-test-resources)"));
        }
        return jar;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
