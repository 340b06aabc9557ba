package io.gizmoedge.loading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class S3LocationTest {

    @Test
    void splitsBucketAndKey() throws LoadException {
        S3Location location = S3Location.parse("s3://my-bucket/data/2026/events.parquet");
        assertThat(location.bucket()).isEqualTo("my-bucket");
        assertThat(location.key()).isEqualTo("data/2026/events.parquet");
        assertThat(location.isGlob()).isFalse();
        assertThat(location.listPrefix()).isEqualTo("data/2026/events.parquet");
        assertThat(location).hasToString("s3://my-bucket/data/2026/events.parquet");
        assertThat(S3Location.parse("S3://b/k").bucket()).isEqualTo("b");
    }

    @Test
    void listsAGlobByItsLiteralPrefix() throws LoadException {
        assertThat(S3Location.parse("s3://b/data/*.parquet").listPrefix()).isEqualTo("data/");
        assertThat(S3Location.parse("s3://b/data/part-?.csv").listPrefix()).isEqualTo("data/part-");
        assertThat(S3Location.parse("s3://b/**/x.json").listPrefix()).isEmpty();
        assertThat(S3Location.parse("s3://b/a/b?/c/*").listPrefix()).isEqualTo("a/b");
    }

    @Test
    void starAndQuestionMarkStayWithinOneSegment() throws LoadException {
        Predicate<String> matches = S3Location.parse("s3://b/data/*.parquet").matcher();
        assertThat(List.of("data/a.parquet", "data/.parquet", "data/x-1.parquet")).allMatch(matches);
        assertThat(List.of("data/sub/a.parquet", "data/a.parquet.bak", "data/a.csv", "other/a.parquet", "data/a/parquet"))
                .noneMatch(matches);
        Predicate<String> one = S3Location.parse("s3://b/p/part-?.csv").matcher();
        assertThat(one.test("p/part-1.csv")).isTrue();
        assertThat(one.test("p/part-12.csv")).isFalse();
        assertThat(one.test("p/part-/.csv")).isFalse();
    }

    @Test
    void doubleStarCrossesSegments() throws LoadException {
        Predicate<String> nested = S3Location.parse("s3://b/data/**/*.parquet").matcher();
        assertThat(List.of("data/a.parquet", "data/x/a.parquet", "data/x/y/z.parquet")).allMatch(nested);
        assertThat(List.of("data/a.csv", "other/a.parquet", "data.parquet")).noneMatch(nested);
        Predicate<String> everything = S3Location.parse("s3://b/data/**").matcher();
        assertThat(List.of("data/a", "data/x/y/z.parquet")).allMatch(everything);
        assertThat(everything.test("datax/a")).isFalse();
    }

    @Test
    void otherCharactersStandForThemselves() throws LoadException {
        Predicate<String> matches = S3Location.parse("s3://b/x[1]{a,b}.+(*).csv").matcher();
        assertThat(matches.test("x[1]{a,b}.+(anything).csv")).isTrue();
        assertThat(matches.test("x1a.+(q).csv")).isFalse();
        assertThat(S3Location.parse("s3://b/x[1].csv").matcher().test("x[1].csv")).isTrue();
        assertThat(S3Location.parse("s3://b/x[1].csv").isGlob()).isFalse();
    }

    @Test
    void aPlainKeyMatchesOnlyItself() throws LoadException {
        Predicate<String> matches = S3Location.parse("s3://b/data/a.parquet").matcher();
        assertThat(matches.test("data/a.parquet")).isTrue();
        assertThat(matches.test("data/a.parquet.1")).isFalse();
    }

    @Test
    void refusesLocationsWithoutBucketOrKey() {
        assertThatThrownBy(() -> S3Location.parse("s3://")).isInstanceOf(LoadException.class).hasMessageContaining("name a bucket");
        assertThatThrownBy(() -> S3Location.parse("s3:///key")).isInstanceOf(LoadException.class).hasMessageContaining("name a bucket");
        assertThatThrownBy(() -> S3Location.parse("s3://bucket")).isInstanceOf(LoadException.class)
                .hasMessageContaining("name an object or a glob after the bucket");
        assertThatThrownBy(() -> S3Location.parse("s3://bucket/data/")).isInstanceOf(LoadException.class)
                .hasMessageContaining("s3://bucket/data/*.parquet");
        assertThatThrownBy(() -> S3Location.parse("s3://buck*/k")).isInstanceOf(LoadException.class)
                .hasMessageContaining("bucket name cannot hold wildcards");
        assertThatThrownBy(() -> S3Location.parse("gs://b/k")).isInstanceOf(LoadException.class);
        assertThat(S3Location.isS3("https://b/k")).isFalse();
    }
}
