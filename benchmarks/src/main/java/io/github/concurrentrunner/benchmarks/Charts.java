package io.github.concurrentrunner.benchmarks;

import java.awt.BasicStroke;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart as PNG and SVG into {@code charts/}. Made to be read:
 * both axes logarithmic with a labelled tick at every decade (the axis spans whole decades), each
 * series its own marker and a dash style per kind (backend solid, native dashed, raw dotted, floor
 * dash-dot) so that identical series do not hide each other, and JMH's 99.9 % confidence
 * half-width as error bars on time.
 */
final class Charts {

  private static final Marker[] MARKERS = {
    SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
    SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL,
    SeriesMarkers.RECTANGLE, SeriesMarkers.TRAPEZOID
  };

  private Charts() {}

  /**
   * Writes one chart of a metric against N, one series per implementation, and links it from
   * the Markdown.
   *
   * @param error the error bar of a row in the metric's unit, or null for none
   * @return the files written (none if no row has the metric)
   */
  static List<Path> costPerTask(
      StringBuilder md,
      Path outDir,
      List<Row> rows,
      String scenario,
      String op,
      String name,
      String title,
      String yTitle,
      ToDoubleFunction<Row> metric,
      ToDoubleFunction<Row> error)
      throws IOException {
    List<Row> selected =
        rows.stream()
            .filter(r -> r.scenario().equals(scenario) && r.op().equals(op))
            .filter(r -> metric.applyAsDouble(r) > 0)
            .sorted(
                Comparator.comparingInt((Row r) -> Rows.index(Rows.KIND_ORDER, r.kind()))
                    .thenComparing(Row::impl)
                    .thenComparingLong(Row::n))
            .toList();
    if (selected.isEmpty()) {
      return List.of();
    }
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(620)
            .title(title)
            .xAxisTitle("N (tasks per call)")
            .yAxisTitle(yTitle)
            .build();
    Styler styler = chart.getStyler();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setXAxisDecimalPattern("#,###");
    chart.getStyler().setYAxisDecimalPattern("#,##0.###");
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    styler.setMarkerSize(9);
    // Whole decades, so that every decade has its labelled tick.
    chart.getStyler().setXAxisMin(decadeBelow(selected.stream().mapToDouble(Row::n).min().orElse(1)));
    chart.getStyler().setXAxisMax(decadeAbove(selected.stream().mapToDouble(Row::n).max().orElse(10)));
    double low = selected.stream()
        .mapToDouble(r -> metric.applyAsDouble(r) - (error == null ? 0 : finite(error, r)))
        .filter(v -> v > 0).min().orElse(1);
    double high = selected.stream()
        .mapToDouble(r -> metric.applyAsDouble(r) + (error == null ? 0 : finite(error, r)))
        .max().orElse(10);
    chart.getStyler().setYAxisMin(decadeBelow(low));
    chart.getStyler().setYAxisMax(decadeAbove(high));

    Map<String, List<Row>> series = new LinkedHashMap<>();
    selected.forEach(r -> series.computeIfAbsent(r.impl(), k -> new ArrayList<>()).add(r));
    int i = 0;
    for (Map.Entry<String, List<Row>> s : series.entrySet()) {
      List<Row> points = s.getValue();
      double[] x = points.stream().mapToDouble(Row::n).toArray();
      double[] y = points.stream().mapToDouble(metric).toArray();
      String label = points.get(0).kind().equals("native") ? s.getKey() + " (native)" : s.getKey();
      XYSeries added =
          error == null
              ? chart.addSeries(label, x, y)
              : chart.addSeries(label, x, y,
                  points.stream().mapToDouble(r -> finite(error, r)).toArray());
      added.setMarker(MARKERS[i++ % MARKERS.length]);
      added.setLineStyle(line(points.get(0).kind()));
    }
    return write(md, outDir, chart, name, title);
  }

  /**
   * A bar chart of "× raw" per implementation at one N: each backend and native runner against
   * the raw use of its own library, for the completed and the blocking {@code all}.
   *
   * @return the files written (none without a pair at that N)
   */
  static List<Path> timesRaw(StringBuilder md, Path outDir, List<Row> rows, long n)
      throws IOException {
    List<String> scenarios = List.of("Completed", "Blocking");
    Map<String, double[]> ratios = new LinkedHashMap<>();
    for (Row row : Rows.sorted(rows)) {
      boolean measured = row.kind().equals("backend") || row.kind().equals("native");
      if (measured && row.op().equals("all") && row.n() == n) {
        double ratio = Rows.ratioToRaw(rows, row);
        int s = scenarios.indexOf(row.scenario());
        if (s >= 0 && !Double.isNaN(ratio)) {
          ratios.computeIfAbsent(row.impl(), k -> new double[] {Double.NaN, Double.NaN})[s] = ratio;
        }
      }
    }
    ratios.values().removeIf(r -> Double.isNaN(r[0]) || Double.isNaN(r[1]));
    if (ratios.isEmpty()) {
      return List.of();
    }
    String title = "all(), N = " + n + ": time per call × the raw use of the same library";
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1000)
            .height(560)
            .title(title)
            .xAxisTitle("implementation (backend, or native runner)")
            .yAxisTitle("× raw (1 = as fast as the library by hand)")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setXAxisLabelRotation(15);
    chart.getStyler().setYAxisDecimalPattern("#,##0.##");
    chart.getStyler().setYAxisMin(0.0);
    List<String> implementations = new ArrayList<>(ratios.keySet());
    for (int s = 0; s < scenarios.size(); s++) {
      int index = s;
      chart.addSeries(
          scenarios.get(s).toLowerCase(java.util.Locale.ROOT) + " tasks",
          implementations,
          implementations.stream().map(impl -> ratios.get(impl)[index]).toList());
    }
    return write(md, outDir, chart, "times-raw-" + n, title);
  }

  private static double finite(ToDoubleFunction<Row> error, Row row) {
    double e = error.applyAsDouble(row);
    return Double.isFinite(e) ? e : 0;
  }

  private static BasicStroke line(String kind) {
    return switch (kind) {
      case "backend" -> SeriesLines.SOLID;
      case "native" -> SeriesLines.DASH_DASH;
      case "raw" -> SeriesLines.DOT_DOT;
      default -> SeriesLines.DASH_DOT;
    };
  }

  private static double decadeBelow(double value) {
    return Math.pow(10, Math.floor(Math.log10(value)));
  }

  private static double decadeAbove(double value) {
    return Math.pow(10, Math.ceil(Math.log10(value)));
  }

  private static List<Path> write(StringBuilder md, Path outDir, Chart<?, ?> chart, String name,
      String title) throws IOException {
    Path charts = outDir.resolve("charts");
    Path png = charts.resolve(name + ".png");
    Path svg = charts.resolve(name + ".svg");
    try (OutputStream stream = Files.newOutputStream(png)) {
      ChartEncoder.saveChart(chart, stream, "png");
    }
    try (OutputStream stream = Files.newOutputStream(svg)) {
      ChartEncoder.saveChart(chart, stream, "svg");
    }
    md.append("![")
        .append(title)
        .append("](charts/")
        .append(name)
        .append(".png) ([SVG](charts/")
        .append(name)
        .append(".svg))\n\n");
    return List.of(png, svg);
  }
}
