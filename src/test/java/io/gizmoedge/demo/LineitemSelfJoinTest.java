package io.gizmoedge.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineitemSelfJoinTest {
    @Test
    void joinsEveryCopyWithTheFirstOnTheCoLocationKey() {
        assertThat(LineitemSelfJoin.of(4)).isEqualTo("SELECT count(*) AS n FROM lineitem a"
                + " JOIN lineitem b ON a.l_orderkey = b.l_orderkey JOIN lineitem c ON a.l_orderkey = c.l_orderkey"
                + " JOIN lineitem d ON a.l_orderkey = d.l_orderkey");
        assertThat(LineitemSelfJoin.of(9)).endsWith(" JOIN lineitem i ON a.l_orderkey = i.l_orderkey");
    }

    @Test
    void oneCopyIsNoJoin() {
        assertThatThrownBy(() -> LineitemSelfJoin.of(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
