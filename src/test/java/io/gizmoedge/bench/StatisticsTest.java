package io.gizmoedge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertThat(Statistics.median(List.of(30.0, 10.0, 20.0))).isEqualTo(20.0);
        assertThat(Statistics.median(List.of(7.0))).isEqualTo(7.0);
    }

    @Test
    void percentileIsTheNearestRank() {
        List<Double> values = List.of(5.0, 1.0, 4.0, 2.0, 3.0, 10.0, 9.0, 8.0, 7.0, 6.0);
        assertThat(Statistics.percentile(values, 90)).isEqualTo(9.0);
        assertThat(Statistics.percentile(values, 50)).isEqualTo(5.0);
        assertThat(Statistics.percentile(values, 0)).isEqualTo(1.0);
        assertThat(Statistics.percentile(values, 100)).isEqualTo(10.0);
        assertThat(Statistics.percentile(List.of(7.0), 90)).isEqualTo(7.0);
    }

    @Test
    void percentileRefusesNoValuesAndPercentsOutsideTheRange() {
        assertThatThrownBy(() -> Statistics.percentile(List.of(), 90)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Statistics.percentile(List.of(1.0), 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Statistics.median(List.of(4.0, 1.0, 3.0, 100.0))).isEqualTo(3.5);
    }

    @Test
    void medianDoesNotReorderItsInput() {
        List<Double> values = new ArrayList<>(List.of(3.0, 1.0, 2.0));
        Statistics.median(values);
        assertThat(values).containsExactly(3.0, 1.0, 2.0);
    }

    @Test
    void medianOfNothingIsRefused() {
        assertThatThrownBy(() -> Statistics.median(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one run");
    }

    @Test
    void ratioIsClusterOverSingleNode() {
        assertThat(Statistics.ratio(150, 100)).isEqualTo(1.5);
        assertThat(Statistics.ratio(50, 100)).isEqualTo(0.5);
        assertThat(Statistics.ratio(0, 100)).isEqualTo(0.0);
    }

    @Test
    void ratioNeedsAPositiveSingleNodeTime() {
        assertThatThrownBy(() -> Statistics.ratio(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Statistics.ratio(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Statistics.ratio(Double.NaN, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void geometricMeanIsTheNthRootOfTheProduct() {
        assertThat(Statistics.geometricMean(List.of(2.0, 8.0))).isCloseTo(4.0, within(1e-12));
        assertThat(Statistics.geometricMean(List.of(1.0, 10.0, 100.0))).isCloseTo(10.0, within(1e-12));
        assertThat(Statistics.geometricMean(List.of(0.5, 2.0))).isCloseTo(1.0, within(1e-12));
        assertThat(Statistics.geometricMean(List.of(1.7))).isCloseTo(1.7, within(1e-12));
    }

    @Test
    void geometricMeanDoesNotOverflowOnManyLargeValues() {
        List<Double> values = Collections.nCopies(400, 1e300);
        assertThat(Statistics.geometricMean(values)).isCloseTo(1e300, withinPercentage(1e-6));
    }

    @Test
    void geometricMeanRefusesNonPositiveValues() {
        assertThatThrownBy(() -> Statistics.geometricMean(List.of(1.0, 0.0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Statistics.geometricMean(List.of(-2.0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Statistics.geometricMean(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
