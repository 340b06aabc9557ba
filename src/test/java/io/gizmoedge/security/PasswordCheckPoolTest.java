package io.gizmoedge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PasswordCheckPoolTest {
    private static final SourceAddress ATTACKER = new SourceAddress("203.0.113.66");
    private static final SourceAddress USER = new SourceAddress("192.0.2.1");

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<PasswordCheckPool> pools = new ArrayList<>();

    @AfterEach
    void releaseAndClose() {
        release.countDown();
        pools.forEach(PasswordCheckPool::close);
    }

    private PasswordCheckPool pool(int threads, int queue, int perSource) {
        PasswordCheckPool pool = new PasswordCheckPool(threads, queue, perSource);
        pools.add(pool);
        return pool;
    }

    /** A check that holds its thread until the test releases it. */
    private String blocked() throws InterruptedException {
        release.await();
        return "checked";
    }

    private static <T> Future<T> admitted(PasswordCheckPool.Admission<T> admission) {
        assertThat(admission).isInstanceOf(PasswordCheckPool.Admitted.class);
        return ((PasswordCheckPool.Admitted<T>) admission).result();
    }

    private static PasswordCheckPool.Reason refusal(PasswordCheckPool.Admission<?> admission) {
        assertThat(admission).isInstanceOf(PasswordCheckPool.Refused.class);
        return ((PasswordCheckPool.Refused<?>) admission).reason();
    }

    @Test
    void oneSourceGetsOnlyItsShareSoAnotherSourceStillGetsIn() throws Exception {
        PasswordCheckPool pool = pool(1, 4, 2);
        admitted(pool.submit(ATTACKER, this::blocked));
        admitted(pool.submit(ATTACKER, this::blocked));
        for (int i = 0; i < 28; i++) {
            assertThat(refusal(pool.submit(ATTACKER, this::blocked))).isEqualTo(PasswordCheckPool.Reason.SOURCE_BUSY);
        }
        Future<String> user = admitted(pool.submit(USER, () -> "scott ok"));
        assertThat(pool.admitted()).isEqualTo(3);

        release.countDown();
        assertThat(user.get(30, TimeUnit.SECONDS)).isEqualTo("scott ok");
    }

    @Test
    void aFullPoolRefusesInsteadOfQueueingForEver() {
        PasswordCheckPool pool = pool(1, 2, 1);
        for (int i = 0; i < 3; i++) {
            admitted(pool.submit(new SourceAddress("10.0.0." + i), this::blocked));
        }
        assertThat(refusal(pool.submit(new SourceAddress("10.0.0.99"), this::blocked)))
                .isEqualTo(PasswordCheckPool.Reason.POOL_FULL);
        assertThat(pool.admitted()).isEqualTo(3);
    }

    @Test
    void neverMoreChecksRunAtOnceThanThereAreThreads() throws Exception {
        PasswordCheckPool pool = pool(2, 10, 12);
        Set<Thread> running = ConcurrentHashMap.newKeySet();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger mostConcurrent = new AtomicInteger();
        CountDownLatch twoStarted = new CountDownLatch(2);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            results.add(admitted(pool.submit(ATTACKER, () -> {
                running.add(Thread.currentThread());
                mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                twoStarted.countDown();
                release.await();
                concurrent.decrementAndGet();
                return 1;
            })));
        }
        assertThat(twoStarted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.admitted()).isEqualTo(12);
        release.countDown();
        int sum = 0;
        for (Future<Integer> result : results) {
            sum += result.get(30, TimeUnit.SECONDS);
        }
        assertThat(sum).isEqualTo(12);
        assertThat(mostConcurrent.get()).isEqualTo(2);
        assertThat(running).hasSize(2);
    }

    @Test
    void finishedChecksFreeTheirPlacesAlsoWhenTheyFail() throws Exception {
        PasswordCheckPool pool = pool(1, 0, 1);
        Future<String> failing = admitted(pool.submit(ATTACKER, () -> {
            throw new IllegalStateException("corrupt hash");
        }));
        assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("corrupt hash");
        assertThat(pool.admitted()).isZero();
        assertThat(admitted(pool.submit(ATTACKER, () -> "again")).get(30, TimeUnit.SECONDS)).isEqualTo("again");
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new PasswordCheckPool(0, 1, 1)).hasMessageContaining("threads must be at least 1");
        assertThatThrownBy(() -> new PasswordCheckPool(1, -1, 1)).hasMessageContaining("queue must not be negative");
        assertThatThrownBy(() -> new PasswordCheckPool(1, 1, 0)).hasMessageContaining("per source must be at least 1");
        assertThat(PasswordCheckPool.defaultThreads()).isBetween(1, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
}
