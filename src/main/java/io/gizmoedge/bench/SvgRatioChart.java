package io.gizmoedge.bench;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A bar chart of the per-query ratios as a small SVG: one bar per query, a line at 1 (as fast as
 * single-node DuckDB) and a dashed line at the target. Bars over the target are red.
 */
public final class SvgRatioChart {
    private static final int BAR_WIDTH = 28;
    private static final int GAP = 8;
    private static final int LEFT = 48;
    private static final int TOP = 36;
    private static final int PLOT_HEIGHT = 240;
    private static final int BOTTOM = 40;

    public String render(BenchmarkReport report) {
        List<QueryMeasurement> measurements = report.measurements();
        double top = axisTop(report.ratios());
        int width = LEFT + measurements.size() * (BAR_WIDTH + GAP) + GAP + 16;
        int height = TOP + PLOT_HEIGHT + BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"13\">%s</text>%n", LEFT,
                escape(title(report))));
        for (double tick : ticks(top)) {
            double y = y(tick, top);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT, y, width - 8, y, LEFT - 6, y + 4, Figures.ratio(tick).replaceAll("\\.?0+$", "")));
        }
        for (int i = 0; i < measurements.size(); i++) {
            QueryMeasurement m = measurements.get(i);
            int x = LEFT + GAP + i * (BAR_WIDTH + GAP);
            OptionalDouble ratio = m.ratio();
            if (ratio.isPresent()) {
                double value = Math.min(ratio.getAsDouble(), top);
                double y = y(value, top);
                String color = ratio.getAsDouble() <= BenchmarkReport.TARGET_RATIO ? "#4a90d9" : "#d9534f";
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s: %s</title></rect>%n",
                        x, y, BAR_WIDTH, TOP + PLOT_HEIGHT - y, color, m.query(), Figures.ratio(ratio)));
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"9\">%s</text>%n",
                        x + BAR_WIDTH / 2, y - 3, Figures.ratio(ratio)));
            } else {
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#d9534f\">%s</text>%n",
                        x + BAR_WIDTH / 2, TOP + PLOT_HEIGHT - 4, "n/a"));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x + BAR_WIDTH / 2, TOP + PLOT_HEIGHT + 16, escape(m.query())));
        }
        reference(svg, 1.0, top, width, "#333", "", "1×");
        reference(svg, BenchmarkReport.TARGET_RATIO, top, width, "#d9534f", " stroke-dasharray=\"6 4\"", "target");
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                LEFT, TOP + PLOT_HEIGHT, width - 8, TOP + PLOT_HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT, height - 6,
                "cluster ms / single-node DuckDB ms per query (bars above the axis top are cut)"));
        return svg.append("</svg>\n").toString();
    }

    private static String title(BenchmarkReport report) {
        BenchmarkOptions o = report.options();
        return "TPC-H SF " + Figures.scaleFactor(o.scaleFactor()) + ", " + o.shards() + " shards, " + o.workers()
                + " workers: geometric mean ratio " + Figures.ratio(report.geometricMeanRatio());
    }

    private static void reference(StringBuilder svg, double value, double top, int width, String color, String dash,
            String label) {
        if (value > top) {
            return;
        }
        double y = y(value, top);
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"%s/>"
                        + "<text x=\"%d\" y=\"%.1f\" fill=\"%s\" text-anchor=\"end\">%s</text>%n",
                LEFT, y, width - 8, y, color, dash, width - 8, y - 3, color, escape(label)));
    }

    /** The axis top: the largest ratio rounded up to a half, at least 2, at most 10 (longer bars are cut). */
    static double axisTop(List<Double> ratios) {
        double max = ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return Math.min(10, Math.max(2, Math.ceil(max * 2) / 2));
    }

    private static List<Double> ticks(double top) {
        double step = top <= 3 ? 0.5 : 1;
        return java.util.stream.DoubleStream.iterate(0, t -> t <= top + 1e-9, t -> t + step).boxed().toList();
    }

    private static double y(double value, double top) {
        return TOP + PLOT_HEIGHT - value / top * PLOT_HEIGHT;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
