package io.gizmoedge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class SvgRatioChartTest {

    @Test
    void chartIsWellFormedSvgWithOneBarPerTimedQuery() throws Exception {
        String svg = new SvgRatioChart().render(Reports.sample());
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(svg)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        long bars = document.getElementsByTagName("rect").getLength() - 1; // the first rect is the background
        assertThat(bars).isEqualTo(2);
        assertThat(svg).contains("<title>q01: 2.00</title>", "<title>q02: 0.50</title>", ">q03</text>", ">n/a</text>");
        assertThat(svg).contains("geometric mean ratio 1.00");
    }

    @Test
    void barsOverTheTargetAreRed() {
        String svg = new SvgRatioChart().render(Reports.sample());
        assertThat(svg).containsPattern("fill=\"#d9534f\"><title>q01");
        assertThat(svg).containsPattern("fill=\"#4a90d9\"><title>q02");
    }

    @Test
    void axisTopCoversTheLargestRatioWithinBounds() {
        assertThat(SvgRatioChart.axisTop(List.of())).isEqualTo(2.0);
        assertThat(SvgRatioChart.axisTop(List.of(0.7, 1.2))).isEqualTo(2.0);
        assertThat(SvgRatioChart.axisTop(List.of(3.2))).isEqualTo(3.5);
        assertThat(SvgRatioChart.axisTop(List.of(42.0))).isEqualTo(10.0);
    }
}
