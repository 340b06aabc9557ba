package io.gizmoedge.loading;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@code s3://} objects come from and how to sign the requests.
 *
 * @param endpoint an S3-compatible store such as {@code http://localhost:9000}; empty for AWS S3 itself
 * @param region the signing region (AWS: the bucket's region; most other stores accept {@code us-east-1})
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}; most
 *     self-hosted stores need it, AWS does not
 * @param credentials a static access key; empty to use the AWS default credentials chain (environment
 *     variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws, container or instance roles)
 * @param limits how much one location may download
 */
public record S3Settings(Optional<URI> endpoint, String region, boolean pathStyle, Optional<S3Credentials> credentials,
        S3Limits limits) {
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(limits, "limits");
        endpoint.ifPresent(S3Settings::checkEndpoint);
        if (!region.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("S3 region must look like us-east-1, not '" + region + "'");
        }
    }

    /** The store as messages name it: the endpoint, or AWS S3 and its region. */
    public String describeStore() {
        return endpoint.map(URI::toString).orElse("AWS S3 (region " + region + ")");
    }

    private static void checkEndpoint(URI endpoint) {
        if (endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException("S3 endpoint must not carry credentials; give them with"
                    + " --s3-access-key-id and --s3-secret-access-key");
        }
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException("S3 endpoint must be an http:// or https:// address such as"
                    + " http://localhost:9000, not '" + endpoint + "'");
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException("S3 endpoint must be a plain address such as http://localhost:9000,"
                    + " without a query or fragment");
        }
    }
}
