package io.gizmoedge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChildCpuTimeTest {

    @Test
    void addsTheChildrensUserAndSystemTicks() {
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 100 200 0 0 310 40 123 27 20 0 30 0 5000 100000 2000";
        assertThat(ChildCpuTime.parse(stat)).isCloseTo(1.50, within(1e-9));
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "7 (my (odd) cmd) R 1 7 7 0 -1 0 0 0 0 0 5 5 200 100 20 0 1 0 1 1 1";
        assertThat(ChildCpuTime.parse(stat)).isCloseTo(3.00, within(1e-9));
    }
}
