package io.gizmoedge.loading;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Says in our words why an S3 request failed: which bucket or object is missing, that the store
 * refused the credentials or cannot be reached, and what to do. No SDK class name or stack text
 * reaches the user; the details go to the server log (which never holds the secret key).
 */
final class S3Failures {
    private static final Logger LOG = LoggerFactory.getLogger(S3Failures.class);
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "InvalidSecurity", "TokenRefreshRequired", "InvalidClientTokenId");
    private static final String CREDENTIAL_OPTIONS = "check --s3-access-key-id and --s3-secret-access-key"
            + " (or GIZMO_EDGE_S3_ACCESS_KEY_ID and GIZMO_EDGE_S3_SECRET_ACCESS_KEY)";

    private final S3Settings settings;

    S3Failures(S3Settings settings) {
        this.settings = settings;
    }

    /** The one line for {@code failure}, met while reading {@code location}. */
    LoadException describe(SdkException failure, S3Location location) {
        LOG.warn("S3 request for {} on {} failed: {}", location, settings.describeStore(), failure.getMessage());
        return new LoadException(message(failure, location), failure);
    }

    /** The bucket of {@code location} does not exist. */
    LoadException missingBucket(S3Location location) {
        return new LoadException("bucket " + location.bucket() + " does not exist on " + settings.describeStore()
                + " (reading " + location + ")");
    }

    private String message(SdkException failure, S3Location location) {
        String store = settings.describeStore();
        if (failure instanceof NoSuchBucketException) {
            return missingBucket(location).getMessage();
        }
        if (failure instanceof NoSuchKeyException) {
            return "object " + location + " does not exist on " + store;
        }
        if (failure instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null ? ""
                    : service.awsErrorDetails().errorCode();
            int status = service.statusCode();
            if ("NoSuchBucket".equals(code)) {
                return missingBucket(location).getMessage();
            }
            if (CREDENTIAL_ERRORS.contains(code)) {
                return "the S3 store at " + store + " refused " + credentials() + " reading " + location + ": "
                        + CREDENTIAL_OPTIONS;
            }
            if (status == 403 && code.isEmpty()) { // the answer to a HEAD request has no body to say more
                return "the S3 store at " + store + " refused " + credentials() + " reading " + location
                        + " (a wrong key or secret, or a key not allowed to read it): " + CREDENTIAL_OPTIONS;
            }
            if (status == 403) {
                return "the S3 store at " + store + " denied " + credentials() + " access to " + location
                        + ": let that key list and read the bucket, or use another key";
            }
            if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
                return "bucket " + location.bucket() + " is not in region " + settings.region() + " of " + store
                        + ": give the bucket's region with --s3-region";
            }
            return "the S3 store at " + store + " answered HTTP " + status + (code.isEmpty() ? "" : " (" + code + ")")
                    + " reading " + location + "; the server log has the details";
        }
        if (failure instanceof SdkClientException) {
            String network = networkProblem(failure);
            if (network != null) {
                return "cannot reach the S3 store at " + store + " (" + network + ") reading " + location
                        + ": check --s3-endpoint and that the store is running";
            }
            if (failure.getMessage() != null && failure.getMessage().toLowerCase(java.util.Locale.ROOT).contains("credentials")) {
                return "no S3 credentials were found for reading " + location + ": give --s3-access-key-id and"
                        + " --s3-secret-access-key (or GIZMO_EDGE_S3_ACCESS_KEY_ID and GIZMO_EDGE_S3_SECRET_ACCESS_KEY),"
                        + " or set up the AWS default credentials (AWS_ACCESS_KEY_ID, ~/.aws/credentials, an instance role)";
            }
        }
        return "reading " + location + " from the S3 store at " + store + " failed; the server log has the details";
    }

    private String credentials() {
        return settings.credentials().map(c -> "the credentials of access key id " + c.accessKeyId())
                .orElse("the credentials from the AWS default chain");
    }

    /** What went wrong on the network, in a few words, or null when the failure was not the network's. */
    private static String networkProblem(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host";
            }
            if (cause instanceof SocketTimeoutException) {
                return "no answer in time";
            }
            if (cause instanceof SSLException) {
                return "the TLS handshake failed";
            }
            if (cause instanceof IOException) {
                return "the connection failed";
            }
        }
        return null;
    }
}
