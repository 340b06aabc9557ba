package io.gizmoedge.loading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class S3SelectionTest {
    private static final List<StoredObject> LISTING = List.of(new StoredObject("data/", 0),
            new StoredObject("data/a.parquet", 100), new StoredObject("data/b.parquet", 200),
            new StoredObject("data/notes.txt", 5), new StoredObject("data/sub/c.parquet", 300));

    @Test
    void keepsTheMatchingObjectsInListingOrder() throws LoadException {
        assertThat(S3Selection.choose(S3Location.parse("s3://b/data/*.parquet"), LISTING, S3Limits.DEFAULT))
                .extracting(StoredObject::key).containsExactly("data/a.parquet", "data/b.parquet");
        assertThat(S3Selection.choose(S3Location.parse("s3://b/data/**"), LISTING, S3Limits.DEFAULT))
                .extracting(StoredObject::key).containsExactly("data/a.parquet", "data/b.parquet", "data/notes.txt",
                        "data/sub/c.parquet"); // the folder marker data/ is no object to load
    }

    @Test
    void refusesAGlobThatMatchesNothing() {
        assertThatThrownBy(() -> S3Selection.choose(S3Location.parse("s3://b/p/*.parquet"), LISTING, S3Limits.DEFAULT))
                .isInstanceOf(LoadException.class).hasMessage("no object matches s3://b/p/*.parquet");
    }

    @Test
    void refusesTooManyObjectsWithoutReadingTheWholeListing() throws LoadException {
        AtomicInteger read = new AtomicInteger();
        Iterable<StoredObject> endless = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public StoredObject next() {
                return new StoredObject("logs/" + read.incrementAndGet() + ".csv", 1);
            }
        };
        assertThatThrownBy(() -> S3Selection.choose(S3Location.parse("s3://b/logs/*.csv"), endless, new S3Limits(3, 1000)))
                .isInstanceOf(LoadException.class)
                .hasMessage("s3://b/logs/*.csv matches more than 3 objects, the most one location may load;"
                        + " narrow the glob or load in several statements");
        assertThat(read.get()).isEqualTo(4);
        assertThat(S3Selection.choose(S3Location.parse("s3://b/data/*.parquet"), LISTING, new S3Limits(2, 300))).hasSize(2);
    }

    @Test
    void refusesTooManyBytes() {
        assertThatThrownBy(() -> S3Selection.choose(S3Location.parse("s3://b/data/*.parquet"), LISTING, new S3Limits(10, 299)))
                .isInstanceOf(LoadException.class)
                .hasMessage("the objects s3://b/data/*.parquet names hold more than 299 bytes, the most one location may load;"
                        + " narrow the glob or load in several statements");
        assertThat(S3Limits.describeBytes(10L << 30)).isEqualTo("10 GiB");
        assertThat(S3Limits.describeBytes(1536)).isEqualTo("1.5 KiB");
    }
}
