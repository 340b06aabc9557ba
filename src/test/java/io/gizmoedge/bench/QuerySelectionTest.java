package io.gizmoedge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuerySelectionTest {

    @Test
    void allOrNothingMeansAll22() {
        assertThat(QuerySelection.parse("all")).hasSize(22).startsWith(1, 2).endsWith(22);
        assertThat(QuerySelection.parse("")).hasSize(22);
        assertThat(QuerySelection.parse(null)).hasSize(22);
    }

    @Test
    void listsAndRangesKeepTheirOrderWithoutRepeats() {
        assertThat(QuerySelection.parse("1,3,6")).containsExactly(1, 3, 6);
        assertThat(QuerySelection.parse(" 22, 1-3 ,2")).containsExactly(22, 1, 2, 3);
    }

    @Test
    void badListsSayWhatIsWrong() {
        assertThatThrownBy(() -> QuerySelection.parse("0")).hasMessageContaining("queries 1 to 22, not 0");
        assertThatThrownBy(() -> QuerySelection.parse("23")).hasMessageContaining("not 23");
        assertThatThrownBy(() -> QuerySelection.parse("q1")).hasMessageContaining("'q1' is not a query number");
        assertThatThrownBy(() -> QuerySelection.parse("1,,2")).hasMessageContaining("empty item");
        assertThatThrownBy(() -> QuerySelection.parse("5-2")).hasMessageContaining("runs backwards");
    }
}
