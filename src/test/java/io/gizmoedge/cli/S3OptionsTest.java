package io.gizmoedge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gizmoedge.loading.S3Settings;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class S3OptionsTest {

    @Test
    void offWithoutEndpointOrRegion() {
        assertThat(parse().settings()).isEmpty();
        assertThatThrownBy(() -> parse("--s3-access-key-id", "id", "--s3-secret-access-key", "secret").settings())
                .hasMessageContaining("give --s3-endpoint").hasMessageNotContaining("secret ");
    }

    @Test
    void anEndpointTurnsLoadingOnWithPathStyleAndTheDefaultRegion() {
        S3Settings settings = parse("--s3-endpoint", "http://localhost:9000", "--s3-access-key-id", "minio",
                "--s3-secret-access-key", "minio-secret").settings().orElseThrow();
        assertThat(settings.endpoint()).contains(URI.create("http://localhost:9000"));
        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings.pathStyle()).isTrue();
        assertThat(settings.credentials().orElseThrow().accessKeyId()).isEqualTo("minio");
        assertThat(settings.credentials().orElseThrow().secretAccessKey()).isEqualTo("minio-secret");
        assertThat(settings.toString()).doesNotContain("minio-secret");
        assertThat(parse("--s3-endpoint", "http://h:1", "--s3-path-style", "false").settings().orElseThrow().pathStyle()).isFalse();
    }

    @Test
    void aRegionAloneMeansAwsWithTheDefaultCredentialsChain() {
        S3Settings settings = parse("--s3-region", "eu-north-1").settings().orElseThrow();
        assertThat(settings.endpoint()).isEmpty();
        assertThat(settings.region()).isEqualTo("eu-north-1");
        assertThat(settings.pathStyle()).isFalse();
        assertThat(settings.credentials()).isEmpty();
        assertThat(parse("--s3-region", "eu-north-1", "--s3-path-style").settings().orElseThrow().pathStyle()).isTrue();
    }

    @Test
    void keyIdAndSecretComeTogether() {
        assertThatThrownBy(() -> parse("--s3-endpoint", "http://h:1", "--s3-access-key-id", "id").settings())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give both --s3-access-key-id and");
        assertThatThrownBy(() -> parse("--s3-endpoint", "http://h:1", "--s3-secret-access-key", "s").settings())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give both --s3-access-key-id and");
    }

    @Test
    void theSecretIsNotInTheHelp() {
        String help = new CommandLine(new ServerCommand()).getUsageMessage();
        assertThat(help).contains("--s3-endpoint", "--s3-region", "--s3-path-style", "--s3-access-key-id",
                "--s3-secret-access-key", "GIZMO_EDGE_S3_SECRET_ACCESS_KEY");
        Optional.ofNullable(System.getenv("GIZMO_EDGE_S3_SECRET_ACCESS_KEY")).filter(s -> !s.isEmpty())
                .ifPresent(secret -> assertThat(help).doesNotContain(secret));
    }

    private static S3Options parse(String... arguments) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(arguments);
        return command.s3;
    }
}
