package io.github.concurrentrunner.benchmarks;

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
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The report's charts, drawn with XChart as PNG and SVG into {@code charts/}. */
final class Charts {

  private Charts() {}

  /**
   * Writes one chart of a metric against N, one series per implementation, and links it from
   * the Markdown.
   *
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
      ToDoubleFunction<Row> metric)
      throws IOException {
    List<Row> selected =
        Rows.sorted(
            rows.stream()
                .filter(r -> r.scenario().equals(scenario) && r.op().equals(op))
                .filter(r -> metric.applyAsDouble(r) > 0)
                .toList());
    if (selected.isEmpty()) {
      return List.of();
    }
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(560)
            .title(title)
            .xAxisTitle("N (tasks per call)")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setXAxisDecimalPattern("#,###");
    chart.getStyler().setYAxisDecimalPattern("#,##0.#");
    Map<String, List<Row>> series = new LinkedHashMap<>();
    selected.stream()
        .sorted(
            Comparator.comparingInt((Row r) -> Rows.index(Rows.KIND_ORDER, r.kind()))
                .thenComparing(Row::impl)
                .thenComparingLong(Row::n))
        .forEach(r -> series.computeIfAbsent(r.impl(), k -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<Row>> s : series.entrySet()) {
      double[] x = s.getValue().stream().mapToDouble(Row::n).toArray();
      double[] y = s.getValue().stream().mapToDouble(metric).toArray();
      chart.addSeries(s.getKey(), x, y);
    }
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
