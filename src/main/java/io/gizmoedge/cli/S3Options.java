package io.gizmoedge.cli;

import io.gizmoedge.loading.S3Credentials;
import io.gizmoedge.loading.S3Limits;
import io.gizmoedge.loading.S3Settings;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The server's options for loading {@code s3://} objects. Loading from S3 is on when an endpoint or
 * a region is given (options or environment), off otherwise. Secrets may come from the environment
 * so that they need not appear on a command line.
 */
final class S3Options {

    @Option(names = "--s3-endpoint", paramLabel = "URL", defaultValue = "${env:GIZMO_EDGE_S3_ENDPOINT}",
            description = "S3-compatible store to read s3:// objects from, such as http://localhost:9000 (env GIZMO_EDGE_S3_ENDPOINT;"
                    + " default: none, which with --s3-region means AWS S3). Giving this or --s3-region turns s3:// loading on.")
    URI endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "${env:GIZMO_EDGE_S3_REGION}",
            description = "Region to sign S3 requests for (env GIZMO_EDGE_S3_REGION; default: " + S3Settings.DEFAULT_REGION
                    + " when --s3-endpoint is given). Giving this or --s3-endpoint turns s3:// loading on.")
    String region;

    @Option(names = "--s3-path-style", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Address buckets as http://host/bucket/key rather than http://bucket.host/key (default: true with"
                    + " --s3-endpoint, as most self-hosted stores need; false for AWS S3).")
    Boolean pathStyle;

    @Option(names = "--s3-access-key-id", paramLabel = "ID", defaultValue = "${env:GIZMO_EDGE_S3_ACCESS_KEY_ID}",
            description = "Access key id for S3 (env GIZMO_EDGE_S3_ACCESS_KEY_ID). Give it with --s3-secret-access-key;"
                    + " without both, the AWS default credentials chain is used (AWS_ACCESS_KEY_ID, ~/.aws, instance roles).")
    String accessKeyId;

    @Option(names = "--s3-secret-access-key", paramLabel = "SECRET", defaultValue = "${env:GIZMO_EDGE_S3_SECRET_ACCESS_KEY}",
            description = "Secret access key for S3; prefer the environment variable GIZMO_EDGE_S3_SECRET_ACCESS_KEY, which"
                    + " other users of the machine cannot see in the process list. Never logged.")
    String secretAccessKey;

    /** The settings these options describe, or empty when S3 loading is off. */
    Optional<S3Settings> settings() {
        Optional<String> givenRegion = nonBlank(region);
        if (endpoint == null && givenRegion.isEmpty()) {
            if (nonBlank(accessKeyId).isPresent() || pathStyle != null) {
                throw new IllegalArgumentException("S3 options were given but S3 loading is off: give --s3-endpoint"
                        + " (an S3-compatible store) or --s3-region (AWS S3) as well");
            }
            return Optional.empty();
        }
        Optional<String> id = nonBlank(accessKeyId);
        Optional<String> secret = Optional.ofNullable(secretAccessKey).filter(s -> !s.isEmpty());
        if (id.isPresent() != secret.isPresent()) {
            throw new IllegalArgumentException("give both --s3-access-key-id and --s3-secret-access-key (or"
                    + " GIZMO_EDGE_S3_ACCESS_KEY_ID and GIZMO_EDGE_S3_SECRET_ACCESS_KEY), or neither to use the AWS"
                    + " default credentials chain");
        }
        return Optional.of(new S3Settings(Optional.ofNullable(endpoint), givenRegion.orElse(S3Settings.DEFAULT_REGION),
                pathStyle != null ? pathStyle : endpoint != null,
                id.map(i -> new S3Credentials(i, secret.orElseThrow())), S3Limits.DEFAULT));
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(s -> !s.isEmpty());
    }
}
