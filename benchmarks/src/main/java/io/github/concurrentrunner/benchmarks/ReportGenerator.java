package io.github.concurrentrunner.benchmarks;

import static io.github.concurrentrunner.benchmarks.Format.bytes;
import static io.github.concurrentrunner.benchmarks.Format.ns;
import static io.github.concurrentrunner.benchmarks.Format.ratio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns benchmark results into {@code REPORT.md} (tables of ns/op, ns/task, B/op, B/task and the
 * ratios to the raw library and to the floor, plus the targets marked met or not) and charts of
 * cost per task against N, as PNG and SVG, in {@code charts/}.
 *
 * <p>The jobs are split: {@link ResultReader} reads the results (in-process from JMH's {@code
 * RunResult}s, or from saved JSON), {@link Targets} judges the targets, {@link MarkdownReport}
 * writes the tables and {@link Charts} draws the charts; this class puts them together.
 *
 * <p>Run it alone with {@code java -jar benchmarks.jar report [--out DIR] RESULT.json...}; the
 * {@code quick} and {@code full} modes of {@link BenchmarkMain} call it after their run.
 */
public final class ReportGenerator {

  private ReportGenerator() {}

  /** What a report run produced: the markdown, a console summary and the chart files. */
  record Result(String markdown, String summary, List<Path> charts) {}

  /**
   * Reads JMH JSON files and writes {@code REPORT.md} and the charts into {@code outDir}.
   *
   * @param jsonFiles JMH result files
   * @param outDir where {@code REPORT.md} and {@code charts/} go
   * @param info facts about the run shown in the header (machine, mode, date, note), in order
   * @return the markdown, a console summary and the chart files written
   * @throws IOException if reading or writing fails
   */
  public static Result generate(List<Path> jsonFiles, Path outDir, Map<String, String> info)
      throws IOException {
    return generate(ResultReader.fromJson(jsonFiles), outDir, info);
  }

  /**
   * Writes {@code REPORT.md} and the charts into {@code outDir}.
   *
   * @param results the results, from a run or from files
   * @param outDir where {@code REPORT.md} and {@code charts/} go
   * @param info facts about the run shown in the header (machine, mode, date, note), in order
   * @return the markdown, a console summary and the chart files written
   * @throws IOException if writing fails
   */
  static Result generate(Results results, Path outDir, Map<String, String> info)
      throws IOException {
    List<Row> rows = results.rows();
    Files.createDirectories(outDir.resolve("charts"));

    StringBuilder md = new StringBuilder();
    MarkdownReport.header(md, info, results);
    List<String> backends =
        rows.stream().filter(r -> r.kind().equals("backend")).map(Row::impl).distinct().toList();
    boolean quick = "quick".equals(info.get("mode"));
    List<Targets.Judged> judged = Targets.judge(rows, backends, quick);
    Conformance conformance = Conformance.find(outDir);
    MarkdownReport.natives(md, rows, conformance);
    MarkdownReport.targets(md, judged, !backends.isEmpty());

    List<Path> charts = new ArrayList<>();
    md.append("## Charts\n\n");
    charts.addAll(Charts.costPerTask(md, outDir, rows, "Completed", "all", "completed-all-ns",
        "all(): completed tasks, ns per task (± 99.9 % CI)", "ns per task", Row::nsPerTask,
        r -> r.errorNs() / r.n()));
    charts.addAll(Charts.costPerTask(md, outDir, rows, "Completed", "all", "completed-all-bytes",
        "all(): completed tasks, bytes allocated per task", "B per task", Row::bytesPerTask, null));
    charts.addAll(Charts.costPerTask(md, outDir, rows, "Blocking", "all", "blocking-all-ns",
        "all(): trivial blocking tasks on a 2-thread pool, ns per task (± 99.9 % CI)",
        "ns per task", Row::nsPerTask, r -> r.errorNs() / r.n()));
    charts.addAll(Charts.timesRaw(md, outDir, rows, 4096));

    MarkdownReport.scenarios(md, rows, conformance);
    MarkdownReport.failFast(md, rows);
    MarkdownReport.scale(md, rows);
    if (Files.exists(outDir.resolve("ANALYSIS.md"))) {
      md.append("## Analysis\n\nSee [ANALYSIS.md](ANALYSIS.md): profiles of missed targets and the "
          + "proposed fixes.\n");
    }
    String markdown = md.toString();
    Files.writeString(outDir.resolve("REPORT.md"), markdown, StandardCharsets.UTF_8);
    return new Result(markdown, summary(rows, judged, outDir, quick), charts);
  }

  private static String summary(
      List<Row> rows, List<Targets.Judged> judged, Path outDir, boolean quick) {
    StringBuilder summary = new StringBuilder();
    summary.append("all(), ns/task and B/task (").append(outDir.resolve("REPORT.md")).append(")\n");
    summary.append(String.format(Locale.ROOT, "%-11s %6s  %-26s %10s %9s %8s %8s%n",
        "scenario", "N", "implementation", "ns/task", "B/task", "x raw", "x floor"));
    for (Row row : Rows.sorted(rows)) {
      if (!row.op().equals("all")) {
        continue;
      }
      summary.append(String.format(Locale.ROOT, "%-11s %6d  %-26s %10s %9s %8s %8s%n",
          row.scenario(), row.n(), row.impl(), ns(row.nsPerTask()), bytes(row.bytesPerTask()),
          ratio(Rows.ratioToRaw(rows, row)), ratio(Rows.ratioToFloor(rows, row))));
    }
    judged.forEach(j -> summary.append(j.line()).append('\n'));
    if (quick) {
      summary.append("Quick run: the figures above are indicative only; target verdicts need a "
          + "full run (./mvnw -B -ntp -pl benchmarks -am -Pbenchmarks-full verify -DskipTests).\n");
    }
    return summary.toString();
  }
}
