package io.gizmoedge.loading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

    @Test
    void theSecretNeverShowsInToString() {
        S3Settings settings = new S3Settings(Optional.of(URI.create("http://localhost:9000")), "us-east-1", true,
                Optional.of(new S3Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG")), S3Limits.DEFAULT);
        assertThat(settings.toString()).contains("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMI");
        assertThat(settings.describeStore()).isEqualTo("http://localhost:9000");
        assertThat(new S3Settings(Optional.empty(), "eu-west-1", false, Optional.empty(), S3Limits.DEFAULT).describeStore())
                .isEqualTo("AWS S3 (region eu-west-1)");
    }

    @Test
    void refusesEndpointsThatAreNoPlainHttpAddress() {
        for (String endpoint : List.of("localhost:9000", "ftp://host/", "http://user:secret@host:9000", "http://host/?x=1")) {
            assertThatThrownBy(() -> new S3Settings(Optional.of(URI.create(endpoint)), "us-east-1", true, Optional.empty(),
                    S3Limits.DEFAULT)).as(endpoint).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("user:secret");
        }
        assertThatThrownBy(() -> new S3Settings(Optional.empty(), "US East", false, Optional.empty(), S3Limits.DEFAULT))
                .hasMessageContaining("us-east-1");
    }
}
