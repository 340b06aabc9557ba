package io.gizmoedge.loading;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Downloads {@code s3://} objects for a load: a glob is listed by its literal prefix and matched
 * here, a plain key is looked up directly; the objects are checked against the limits before any
 * is downloaded, then saved under names of our own ({@link LocalFileNames}) in a fresh folder of the
 * statement's staging directory, where the import database may read them.
 */
public final class S3ObjectFetcher implements FileSources.ObjectFetcher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectFetcher.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int BUFFER_BYTES = 256 * 1024;

    private final S3Settings settings;
    private final S3Client client;
    private final S3Failures failures;

    public S3ObjectFetcher(S3Settings settings) {
        this.settings = settings;
        this.failures = new S3Failures(settings);
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentialsProvider(settings))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT));
        settings.endpoint().ifPresent(builder::endpointOverride);
        this.client = builder.build();
        LOG.info("s3:// locations are read from {} (path-style {}, {})", settings.describeStore(), settings.pathStyle(),
                settings.credentials().map(c -> "access key id " + c.accessKeyId()).orElse("AWS default credentials chain"));
    }

    @Override
    public boolean handles(String location) {
        return S3Location.isS3(location);
    }

    @Override
    public List<Path> fetch(String location, Path directory) throws LoadException {
        S3Location at = S3Location.parse(location);
        List<StoredObject> objects = at.isGlob() ? list(at) : lookUp(at);
        long started = System.nanoTime();
        Path folder;
        try {
            folder = Files.createTempDirectory(directory, "s3-");
        } catch (IOException e) {
            LOG.warn("cannot make a download folder in {}: {}", directory, e.toString());
            throw new LoadException("cannot download " + at + ": the server cannot write its staging directory"
                    + " (the server log has the details)", e);
        }
        List<Path> files = new ArrayList<>();
        long bytes = 0;
        for (StoredObject object : objects) {
            Path file = LocalFileNames.of(folder, files.size(), object.key());
            bytes += download(at, object.key(), file, settings.limits().maxBytes() - bytes);
            files.add(file);
        }
        LOG.info("downloaded {} object(s), {} bytes, for {} in {} ms", files.size(), bytes, at,
                (System.nanoTime() - started) / 1_000_000);
        return List.copyOf(files);
    }

    /** The objects a glob matches, listed page by page from its literal prefix. */
    private List<StoredObject> list(S3Location at) throws LoadException {
        try {
            Iterable<StoredObject> listed = () -> StreamSupport.stream(client.listObjectsV2Paginator(request -> request
                            .bucket(at.bucket()).prefix(at.listPrefix())).contents().spliterator(), false)
                    .map(object -> new StoredObject(object.key(), object.size() == null ? 0 : object.size()))
                    .iterator();
            return S3Selection.choose(at, listed, settings.limits());
        } catch (SdkException e) {
            throw failures.describe(e, at);
        }
    }

    /**
     * The one object a plain key names. A HEAD request needs only read permission on the object; its
     * "not found" does not say whether the key or the bucket is missing, so the bucket is asked then.
     */
    private List<StoredObject> lookUp(S3Location at) throws LoadException {
        try {
            HeadObjectResponse head = client.headObject(request -> request.bucket(at.bucket()).key(at.key()));
            long size = head.contentLength() == null ? 0 : head.contentLength();
            return S3Selection.choose(at, List.of(new StoredObject(at.key(), size)), settings.limits());
        } catch (NoSuchKeyException e) {
            if (!bucketExists(at)) {
                throw failures.missingBucket(at);
            }
            throw new LoadException("object " + at + " does not exist on " + settings.describeStore());
        } catch (SdkException e) {
            throw failures.describe(e, at);
        }
    }

    private boolean bucketExists(S3Location at) {
        try {
            client.headBucket(request -> request.bucket(at.bucket()));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (SdkException e) {
            return true; // not allowed to ask, or cannot tell: say what we know, that the object is missing
        }
    }

    /**
     * Copies one object into {@code file} and returns its size, telling a failure of the store or the
     * network from one of our disk. An object that grew past {@code allowedBytes} since it was listed is
     * refused: the limit holds for what is written, not only for what was listed.
     */
    private long download(S3Location at, String key, Path file, long allowedBytes) throws LoadException {
        S3Location object = new S3Location(at.bucket(), key);
        OutputStream out;
        try {
            out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw diskFailure(object, file, e);
        }
        try (OutputStream target = out;
                ResponseInputStream<GetObjectResponse> in = client.getObject(request -> request.bucket(at.bucket()).key(key))) {
            byte[] buffer = new byte[BUFFER_BYTES];
            long written = 0;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                written += read;
                if (written > allowedBytes) {
                    in.abort(); // rather than read the rest of it
                    throw new LoadException(object + " grew while it was being loaded: the objects " + at + " names now hold"
                            + " more than " + S3Limits.describeBytes(settings.limits().maxBytes())
                            + ", the most one location may load");
                }
                try {
                    target.write(buffer, 0, read);
                } catch (IOException e) {
                    throw diskFailure(object, file, e);
                }
            }
            return written;
        } catch (SdkException e) {
            throw failures.describe(e, object);
        } catch (IOException e) {
            throw failures.describe(SdkClientException.create("reading the object's bytes failed", e), object);
        }
    }

    private static LoadException diskFailure(S3Location object, Path file, IOException e) {
        LOG.warn("cannot save {} as {}: {}", object, file, e.toString());
        return new LoadException("cannot save " + object + " on the server's disk (is it full?); the server log has"
                + " the details", e);
    }

    private static AwsCredentialsProvider credentialsProvider(S3Settings settings) {
        return settings.credentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    @Override
    public void close() {
        client.close();
    }
}
