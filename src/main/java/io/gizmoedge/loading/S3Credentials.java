package io.gizmoedge.loading;

import java.util.Objects;

/**
 * A static access key for an S3-compatible store. The secret never appears in {@link #toString()},
 * so the record may sit in configuration that is logged.
 */
public record S3Credentials(String accessKeyId, String secretAccessKey) {

    public S3Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId.isBlank()) {
            throw new IllegalArgumentException("the S3 access key id is empty");
        }
        if (secretAccessKey.isEmpty()) {
            throw new IllegalArgumentException("the S3 secret access key is empty");
        }
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=(hidden)]";
    }
}
