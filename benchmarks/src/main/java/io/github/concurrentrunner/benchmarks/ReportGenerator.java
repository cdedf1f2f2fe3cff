package io.github.concurrentrunner.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Turns JMH JSON result files into {@code REPORT.md} (tables of ns/op, ns/task, B/op, B/task and
 * the ratios to the raw library and to the floor, plus the targets marked met or not) and charts
 * of cost per task against N, as PNG and SVG, in {@code charts/}.
 *
 * <p>Run it alone with {@code java -jar benchmarks.jar report [--out DIR] RESULT.json...}; the
 * {@code quick} and {@code full} modes of {@link BenchmarkMain} call it after their run.
 */
public final class ReportGenerator {

  /** The target: a backend's completed {@code all} costs at most this many ns per task over raw. */
  static final double TARGET_NS_PER_TASK = 3;

  /** The target: at most this many ns per call over raw. */
  static final double TARGET_NS_PER_CALL = 50;

  /** The target (hard gate): at most this many bytes per task over raw. */
  static final double TARGET_BYTES_PER_TASK = 32;

  /** The target: blocking tasks at N = 4096 within this factor of the floor. */
  static final double TARGET_FLOOR_RATIO = 1.5;

  private static final List<String> OPERATION_ORDER =
      List.of(
          "all",
          "allMax16",
          "allSettled",
          "any",
          "allOneFailing",
          "allSettledHalfFailing",
          "bothCompleted",
          "bothBlocking",
          "allFailFast",
          "allMax64");

  private static final List<String> KIND_ORDER = List.of("backend", "raw", "floor");

  private static final Map<String, String> SCENARIO_TITLES = new LinkedHashMap<>();

  static {
    SCENARIO_TITLES.put("Completed", "Completed async tasks (futures already done)");
    SCENARIO_TITLES.put("Blocking", "Trivial blocking tasks on a fixed 2-thread pool");
    SCENARIO_TITLES.put("Failure", "Failures (completed async tasks, stackless task exception)");
    SCENARIO_TITLES.put("Both", "both(a, b): two tasks of different types");
  }

  private ReportGenerator() {}

  /**
   * One benchmark result.
   *
   * @param scenario the benchmark class without the {@code Benchmark} suffix
   * @param kind {@code backend}, {@code raw} or {@code floor}
   * @param op the operation, from the method name
   * @param impl the backend's name, {@code raw <library>} or {@code floor}
   * @param n the number of tasks per call
   * @param nsPerOp the score in nanoseconds per call
   * @param errorNs the 99.9 % confidence half-width, in nanoseconds (NaN if unknown)
   * @param bytesPerOp the allocation per call ({@code -prof gc}), NaN if not measured
   * @param secondary the other secondary metrics by name (mean per iteration)
   */
  record Row(
      String scenario,
      String kind,
      String op,
      String impl,
      long n,
      double nsPerOp,
      double errorNs,
      double bytesPerOp,
      Map<String, Double> secondary) {
    double nsPerTask() {
      return nsPerOp / n;
    }

    double bytesPerTask() {
      return bytesPerOp / n;
    }
  }

  /** What a report run produced: the markdown and a console summary. */
  record Result(String markdown, String summary, List<Path> charts) {}

  /**
   * Reads JMH JSON files (each an array of benchmark results).
   *
   * @param files the files
   * @return the rows, in file order
   * @throws IOException if a file cannot be read
   */
  static List<Row> read(List<Path> files) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (text.isEmpty()) {
        continue;
      }
      for (Object entry : Json.array(Json.parse(text))) {
        rows.add(row(Json.object(entry)));
      }
    }
    return rows;
  }

  private static Row row(Map<String, Object> entry) {
    String benchmark = (String) entry.get("benchmark");
    int dot = benchmark.lastIndexOf('.');
    String method = benchmark.substring(dot + 1);
    String className = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
    String scenario =
        className.endsWith("Benchmark")
            ? className.substring(0, className.length() - "Benchmark".length())
            : className;
    String kind =
        KIND_ORDER.stream().filter(method::startsWith).findFirst().orElse("other");
    String rest = kind.equals("other") ? method : method.substring(kind.length());
    String op = rest.isEmpty() ? method : Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    Map<String, Object> params = Json.object(entry.get("params"));
    String impl =
        switch (kind) {
          case "backend" -> String.valueOf(params.getOrDefault("backend", "?"));
          case "raw" -> "raw " + params.getOrDefault("library", "?");
          case "floor" -> "floor";
          default -> method;
        };
    long n;
    if (params.containsKey("n")) {
      n = Long.parseLong(String.valueOf(params.get("n")));
    } else {
      n =
          switch (scenario) {
            case "Both" -> 2;
            case "FailFast" -> FailFastBenchmark.N;
            case "Scale" -> ScaleBenchmark.N;
            default -> 1;
          };
    }
    Map<String, Object> primary = Json.object(entry.get("primaryMetric"));
    double toNs = nanosPer(String.valueOf(primary.get("scoreUnit")));
    double score = Json.number(primary.get("score")) * toNs;
    double error = Json.number(primary.get("scoreError")) * toNs;
    double bytes = Double.NaN;
    Map<String, Double> secondary = new LinkedHashMap<>();
    for (Map.Entry<String, Object> metric : Json.object(entry.get("secondaryMetrics")).entrySet()) {
      double value = mean(Json.object(metric.getValue()));
      String name = metric.getKey().startsWith("·") ? metric.getKey().substring(1) : metric.getKey();
      if (name.equals("gc.alloc.rate.norm")) {
        bytes = value;
      } else {
        secondary.put(name, value);
      }
    }
    return new Row(scenario, kind, op, impl, n, score, error, bytes, secondary);
  }

  /**
   * The mean per iteration: JMH sums {@code EVENTS} counters over iterations in {@code score}, so
   * the raw data, when present, is the honest source.
   */
  private static double mean(Map<String, Object> metric) {
    double sum = 0;
    int count = 0;
    for (Object fork : Json.array(metric.get("rawData"))) {
      for (Object value : Json.array(fork)) {
        sum += Json.number(value);
        count++;
      }
    }
    return count > 0 ? sum / count : Json.number(metric.get("score"));
  }

  private static double nanosPer(String unit) {
    String time = unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : unit;
    return switch (time) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      default -> throw new IllegalArgumentException(
          "only time per operation is supported (average or single-shot time), got " + unit);
    };
  }

  /**
   * Reads the JSON files and writes {@code REPORT.md} and the charts into {@code outDir}.
   *
   * @param jsonFiles JMH result files
   * @param outDir where {@code REPORT.md} and {@code charts/} go
   * @param info facts about the run shown in the header (machine, mode, date, note), in order
   * @return the markdown, a console summary and the chart files written
   * @throws IOException if reading or writing fails
   */
  public static Result generate(List<Path> jsonFiles, Path outDir, Map<String, String> info)
      throws IOException {
    List<Row> rows = read(jsonFiles);
    Map<String, Object> first = firstEntry(jsonFiles);
    Files.createDirectories(outDir.resolve("charts"));

    StringBuilder md = new StringBuilder();
    md.append("# concurrent-runner benchmarks\n\n");
    header(md, info, first, jsonFiles);
    md.append(
        """
        Every backend found by `ConcurrentRunner.backends()` runs beside the **raw** hand-written \
        use of each library for the same job (`CompletableFuture.allOf` + collect, Guava \
        `Futures.allAsList`, RxJava `Single.zip`) and the **floor** (the least work that does the \
        job: copy the values into a list; `execute` + `Object[]` + `CountDownLatch`), in the same \
        run, so that the ratios are honest. ns/op is JMH's mean time per call (± its 99.9 % \
        confidence half-width); ns/task and B/task divide by N; B/op is `-prof gc`'s \
        `gc.alloc.rate.norm`. `× raw` compares a backend with the raw use of its own library, \
        `× floor` with the floor of the same scenario and N.

        """);

    List<String> backends =
        rows.stream().filter(r -> r.kind().equals("backend")).map(Row::impl).distinct().toList();
    List<String> targetLines = targets(md, rows, backends);

    List<Path> charts = new ArrayList<>();
    md.append("## Charts\n\n");
    charts.addAll(chart(md, outDir, rows, "Completed", "all", "completed-all-ns",
        "all(): completed tasks, ns per task", "ns per task", Row::nsPerTask));
    charts.addAll(chart(md, outDir, rows, "Completed", "all", "completed-all-bytes",
        "all(): completed tasks, bytes allocated per task", "B per task", Row::bytesPerTask));
    charts.addAll(chart(md, outDir, rows, "Blocking", "all", "blocking-all-ns",
        "all(): trivial blocking tasks on a 2-thread pool, ns per task", "ns per task",
        Row::nsPerTask));

    for (Map.Entry<String, String> scenario : SCENARIO_TITLES.entrySet()) {
      List<Row> selected =
          rows.stream().filter(r -> r.scenario().equals(scenario.getKey())).toList();
      if (!selected.isEmpty()) {
        md.append("## ").append(scenario.getValue()).append("\n\n");
        table(md, rows, selected);
      }
    }
    failFast(md, rows);
    scale(md, rows);
    if (Files.exists(outDir.resolve("ANALYSIS.md"))) {
      md.append("## Analysis\n\nSee [ANALYSIS.md](ANALYSIS.md): profiles of missed targets and the "
          + "proposed fixes.\n");
    }
    String markdown = md.toString();
    Files.writeString(outDir.resolve("REPORT.md"), markdown, StandardCharsets.UTF_8);

    StringBuilder summary = new StringBuilder();
    summary.append("all(), ns/task and B/task (").append(outDir.resolve("REPORT.md")).append(")\n");
    summary.append(String.format(Locale.ROOT, "%-11s %6s  %-26s %10s %9s %8s %8s%n",
        "scenario", "N", "implementation", "ns/task", "B/task", "x raw", "x floor"));
    for (Row row : sorted(rows)) {
      if (!row.op().equals("all")) {
        continue;
      }
      summary.append(String.format(Locale.ROOT, "%-11s %6d  %-26s %10s %9s %8s %8s%n",
          row.scenario(), row.n(), row.impl(), ns(row.nsPerTask()), bytes(row.bytesPerTask()),
          ratio(ratioToRaw(rows, row)), ratio(ratioToFloor(rows, row))));
    }
    targetLines.forEach(line -> summary.append(line).append('\n'));
    return new Result(markdown, summary.toString(), charts);
  }

  private static Map<String, Object> firstEntry(List<Path> files) throws IOException {
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!text.isEmpty()) {
        List<Object> entries = Json.array(Json.parse(text));
        if (!entries.isEmpty()) {
          return Json.object(entries.get(0));
        }
      }
    }
    return Map.of();
  }

  private static void header(
      StringBuilder md, Map<String, String> info, Map<String, Object> first, List<Path> files)
      throws IOException {
    md.append("| | |\n|---|---|\n");
    info.forEach((k, v) -> tableRow(md, k, v));
    if (!first.isEmpty()) {
      md.append("| JDK | ")
          .append(first.get("jdkVersion"))
          .append(", ")
          .append(first.get("vmName"))
          .append(' ')
          .append(first.get("vmVersion"))
          .append(" |\n");
      md.append("| JMH | ").append(first.get("jmhVersion")).append(" |\n");
    }
    Set<String> settings = new LinkedHashSet<>();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (text.isEmpty()) {
        continue;
      }
      for (Object e : Json.array(Json.parse(text))) {
        Map<String, Object> entry = Json.object(e);
        String mode = String.valueOf(entry.get("mode"));
        String benchmark = String.valueOf(entry.get("benchmark"));
        String label =
            mode.equals("ss")
                ? benchmark.substring(
                        benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1,
                        benchmark.lastIndexOf('.'))
                    + " (single shot)"
                : "average time";
        String s =
            label
                + ": "
                + count(entry.get("forks"))
                + " fork(s), warmup "
                + count(entry.get("warmupIterations"))
                + (mode.equals("ss") ? " shots" : " x " + entry.get("warmupTime"))
                + ", measurement "
                + count(entry.get("measurementIterations"))
                + (mode.equals("ss") ? " shots" : " x " + entry.get("measurementTime"));
        settings.add(s);
      }
    }
    if (!settings.isEmpty()) {
      md.append("| JMH settings | ").append(String.join("; ", settings)).append(" |\n");
    }
    md.append('\n');
  }

  private static String count(Object number) {
    double d = Json.number(number);
    return Double.isNaN(d) ? String.valueOf(number) : String.valueOf((long) d);
  }

  // ------------------------------------------------------------------ tables

  private static List<Row> sorted(List<Row> rows) {
    List<String> scenarios = new ArrayList<>(SCENARIO_TITLES.keySet());
    return rows.stream()
        .sorted(
            Comparator.comparingInt((Row r) -> index(scenarios, r.scenario()))
                .thenComparingInt(r -> index(OPERATION_ORDER, r.op()))
                .thenComparing(Row::op)
                .thenComparingLong(Row::n)
                .thenComparingInt(r -> index(KIND_ORDER, r.kind()))
                .thenComparing(Row::impl))
        .toList();
  }

  private static int index(List<String> order, String value) {
    int i = order.indexOf(value);
    return i < 0 ? order.size() : i;
  }

  private static void table(StringBuilder md, List<Row> all, List<Row> selected) {
    md.append(
        "| operation | N | implementation | ns/op | ± | ns/task | B/op | B/task | × raw | × floor |\n");
    md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : sorted(selected)) {
      tableRow(
          md,
          row.op(),
          row.n(),
          row.kind().equals("backend") ? "**" + row.impl() + "**" : row.impl(),
          ns(row.nsPerOp()),
          ns(row.errorNs()),
          ns(row.nsPerTask()),
          bytes(row.bytesPerOp()),
          bytes(row.bytesPerTask()),
          ratio(ratioToRaw(all, row)),
          ratio(ratioToFloor(all, row)));
    }
    md.append('\n');
  }

  private static void failFast(StringBuilder md, List<Row> rows) {
    List<Row> selected = sorted(rows.stream().filter(r -> r.scenario().equals("FailFast")).toList());
    if (selected.isEmpty()) {
      return;
    }
    md.append("## Fail-fast latency\n\n")
        .append("`all` over ")
        .append(FailFastBenchmark.N)
        .append(" blocking tasks on the 2-thread pool; task 0 fails once the call has returned, "
            + "the others sleep ")
        .append(FailFastBenchmark.SLOW_MILLIS)
        .append(" ms. Mean per shot. On two threads the ideal number of other tasks started is 1 "
            + "(the one running beside task 0).\n\n");
    md.append("| backend | whole call (µs) | failure → `await()` throws (µs) | other tasks started |"
        + " B/op |\n|---|---:|---:|---:|---:|\n");
    for (Row row : selected) {
      tableRow(
          md,
          row.impl(),
          ns(row.nsPerOp() / 1e3),
          ns(row.secondary().getOrDefault("failureToThrowNanos", Double.NaN) / 1e3),
          ns(row.secondary().getOrDefault("othersStarted", Double.NaN)),
          bytes(row.bytesPerOp()));
    }
    md.append('\n');
  }

  private static void scale(StringBuilder md, List<Row> rows) {
    List<Row> selected = sorted(rows.stream().filter(r -> r.scenario().equals("Scale")).toList());
    if (selected.isEmpty()) {
      return;
    }
    md.append("## Scale\n\n")
        .append("`all` over ")
        .append(String.format(Locale.ROOT, "%,d", ScaleBenchmark.N))
        .append(" trivial blocking tasks, `maxConcurrency(64)`, 2-thread pool, single shot, `-Xmx")
        .append(ScaleBenchmark.MAX_HEAP)
        .append("`. Peak heap: the sum of the heap pools' peaks during the shot (an upper bound, "
            + "garbage included).\n\n");
    md.append("| backend | time (ms) | ns/task | peak heap (MiB) | B/op | B/task |\n"
        + "|---|---:|---:|---:|---:|---:|\n");
    for (Row row : selected) {
      tableRow(
          md,
          row.impl(),
          ns(row.nsPerOp() / 1e6),
          ns(row.nsPerTask()),
          ns(row.secondary().getOrDefault("peakHeapMiB", Double.NaN)),
          bytes(row.bytesPerOp()),
          bytes(row.bytesPerTask()));
    }
    md.append('\n');
  }

  // ------------------------------------------------------------------ ratios

  private static Optional<Row> find(
      List<Row> rows, String scenario, String kind, String op, String impl, long n) {
    return rows.stream()
        .filter(
            r ->
                r.scenario().equals(scenario)
                    && r.kind().equals(kind)
                    && r.op().equals(op)
                    && r.impl().equals(impl)
                    && r.n() == n)
        .findFirst();
  }

  /** A backend against the raw use of its own library, same scenario, operation and N. */
  static double ratioToRaw(List<Row> rows, Row row) {
    if (!row.kind().equals("backend")) {
      return Double.NaN;
    }
    return find(rows, row.scenario(), "raw", row.op(), "raw " + row.impl(), row.n())
        .map(raw -> row.nsPerOp() / raw.nsPerOp())
        .orElse(Double.NaN);
  }

  /** Any row against the floor of its scenario and N (the floor of {@code all} for other ops). */
  static double ratioToFloor(List<Row> rows, Row row) {
    if (row.kind().equals("floor")) {
      return Double.NaN;
    }
    Optional<Row> floor = find(rows, row.scenario(), "floor", row.op(), "floor", row.n());
    if (floor.isEmpty() && !row.op().startsWith("both")) {
      floor = find(rows, row.scenario(), "floor", "all", "floor", row.n());
    }
    return floor.map(f -> row.nsPerOp() / f.nsPerOp()).orElse(Double.NaN);
  }

  // ------------------------------------------------------------------ targets

  private static List<String> targets(StringBuilder md, List<Row> rows, List<String> backends) {
    List<String> lines = new ArrayList<>();
    md.append("## Targets\n\n");
    if (backends.isEmpty()) {
      md.append("No backend results: nothing to check.\n\n");
      return lines;
    }
    md.append("| target | backend | verdict | numbers |\n|---|---|---|---|\n");
    for (String backend : backends) {
      target(md, lines, "Completed `all`, N ≥ 64: ≤ +3 ns/task and ≤ +50 ns/call over raw", backend,
          completedTimeTarget(rows, backend));
      target(md, lines, "Completed `all`, N ≥ 64: ≤ +32 B/task over raw (hard gate)", backend,
          completedBytesTarget(rows, backend));
    }
    if (backends.contains("completablefuture")) {
      target(md, lines, "Completed `all`, N = 4096: CF backend ≤ 1.0 × raw `allOf` + collect",
          "completablefuture", cfNoSlowerThanAllOf(rows));
    }
    for (String backend : backends) {
      target(md, lines, "Blocking `all`, N = 4096: ≤ 1.5 × floor", backend,
          floorTarget(rows, backend));
    }
    for (String backend : backends) {
      target(md, lines, "1,000,000 tasks, `maxConcurrency(64)`, in `-Xmx256m`", backend,
          scaleTarget(rows, backend));
    }
    md.append('\n');
    return lines;
  }

  /** A verdict: met, not met, or not measurable; and the numbers behind it. */
  record Verdict(Boolean met, String numbers) {
    String label() {
      return met == null ? "n/a" : met ? "met" : "**not met**";
    }
  }

  /** Appends one row of a Markdown table: {@code | a | b | c |}. */
  private static void tableRow(StringBuilder md, Object... cells) {
    md.append('|');
    for (Object cell : cells) {
      md.append(' ').append(cell).append(" |");
    }
    md.append('\n');
  }

  private static void target(
      StringBuilder md, List<String> lines, String target, String backend, Verdict verdict) {
    tableRow(md, target, backend, verdict.label(), verdict.numbers());
    lines.add(String.format(Locale.ROOT, "target %-7s %-18s %s: %s",
        verdict.met() == null ? "n/a" : verdict.met() ? "MET" : "NOT MET", backend,
        target.replace("`", ""), verdict.numbers()));
  }

  private static List<Row[]> completedPairs(List<Row> rows, String backend) {
    List<Row[]> pairs = new ArrayList<>();
    Set<Long> ns = new TreeSet<>();
    rows.stream()
        .filter(r -> r.scenario().equals("Completed") && r.op().equals("all") && r.n() >= 64)
        .forEach(r -> ns.add(r.n()));
    for (long n : ns) {
      Optional<Row> b = find(rows, "Completed", "backend", "all", backend, n);
      Optional<Row> r = find(rows, "Completed", "raw", "all", "raw " + backend, n);
      if (b.isPresent() && r.isPresent()) {
        pairs.add(new Row[] {b.get(), r.get()});
      }
    }
    return pairs;
  }

  static Verdict completedTimeTarget(List<Row> rows, String backend) {
    List<Row[]> pairs = completedPairs(rows, backend);
    if (pairs.isEmpty()) {
      return new Verdict(null, "no raw baseline of this library, or no N ≥ 64");
    }
    boolean met = true;
    List<String> parts = new ArrayList<>();
    for (Row[] pair : pairs) {
      long n = pair[0].n();
      double delta = pair[0].nsPerOp() - pair[1].nsPerOp();
      double allowed = TARGET_NS_PER_CALL + TARGET_NS_PER_TASK * n;
      met &= delta <= allowed;
      parts.add(String.format(Locale.ROOT,
          "N=%d: %s ns/call over raw (%s ns/task; allowed %s ns/call)%s", n, signed(delta),
          signed(delta / n), ns(allowed),
          delta <= allowed ? "" : ", over by " + ns(delta - allowed) + " ns/call"));
    }
    if (pairs.size() >= 2) {
      Row[] lo = pairs.get(0);
      Row[] hi = pairs.get(pairs.size() - 1);
      double dLo = lo[0].nsPerOp() - lo[1].nsPerOp();
      double dHi = hi[0].nsPerOp() - hi[1].nsPerOp();
      double slope = (dHi - dLo) / (hi[0].n() - lo[0].n());
      double fixed = dLo - slope * lo[0].n();
      parts.add(String.format(Locale.ROOT, "fit over N: %s ns/task, %s ns/call fixed",
          signed(slope), signed(fixed)));
    }
    return new Verdict(met, String.join("; ", parts));
  }

  static Verdict completedBytesTarget(List<Row> rows, String backend) {
    List<Row[]> pairs = completedPairs(rows, backend);
    if (pairs.isEmpty()) {
      return new Verdict(null, "no raw baseline of this library, or no N ≥ 64");
    }
    boolean met = true;
    List<String> parts = new ArrayList<>();
    for (Row[] pair : pairs) {
      if (Double.isNaN(pair[0].bytesPerOp()) || Double.isNaN(pair[1].bytesPerOp())) {
        return new Verdict(null, "no allocation data (run with -prof gc)");
      }
      long n = pair[0].n();
      double delta = pair[0].bytesPerTask() - pair[1].bytesPerTask();
      met &= delta <= TARGET_BYTES_PER_TASK;
      parts.add(String.format(Locale.ROOT, "N=%d: %s B/task over raw (%s vs %s)%s", n,
          signed(delta), bytes(pair[0].bytesPerTask()), bytes(pair[1].bytesPerTask()),
          delta <= TARGET_BYTES_PER_TASK
              ? "" : ", over by " + bytes(delta - TARGET_BYTES_PER_TASK) + " B/task"));
    }
    return new Verdict(met, String.join("; ", parts));
  }

  static Verdict cfNoSlowerThanAllOf(List<Row> rows) {
    Optional<Row> b = find(rows, "Completed", "backend", "all", "completablefuture", 4096);
    Optional<Row> r = find(rows, "Completed", "raw", "all", "raw completablefuture", 4096);
    if (b.isEmpty() || r.isEmpty()) {
      return new Verdict(null, "N = 4096 not measured");
    }
    double ratio = b.get().nsPerOp() / r.get().nsPerOp();
    return new Verdict(ratio <= 1.0, String.format(Locale.ROOT,
        "%s × raw (%s vs %s ns/task)%s", ratio(ratio), ns(b.get().nsPerTask()),
        ns(r.get().nsPerTask()), ratio <= 1.0 ? "" : ", " + percent(ratio - 1) + " slower"));
  }

  static Verdict floorTarget(List<Row> rows, String backend) {
    Optional<Row> b = find(rows, "Blocking", "backend", "all", backend, 4096);
    Optional<Row> f = find(rows, "Blocking", "floor", "all", "floor", 4096);
    if (b.isEmpty() || f.isEmpty()) {
      return new Verdict(null, "N = 4096 not measured");
    }
    double ratio = b.get().nsPerOp() / f.get().nsPerOp();
    return new Verdict(ratio <= TARGET_FLOOR_RATIO, String.format(Locale.ROOT,
        "%s × floor (%s vs %s ns/task)%s", ratio(ratio), ns(b.get().nsPerTask()),
        ns(f.get().nsPerTask()),
        ratio <= TARGET_FLOOR_RATIO ? "" : ", over by " + ratio(ratio - TARGET_FLOOR_RATIO) + "×"));
  }

  static Verdict scaleTarget(List<Row> rows, String backend) {
    Optional<Row> row =
        rows.stream()
            .filter(r -> r.scenario().equals("Scale") && r.impl().equals(backend))
            .findFirst();
    if (row.isEmpty()) {
      boolean measured = rows.stream().anyMatch(r -> r.scenario().equals("Scale"));
      return measured
          ? new Verdict(false, "no result: the run failed (see the JMH output)")
          : new Verdict(null, "not measured in this run");
    }
    return new Verdict(true, String.format(Locale.ROOT,
        "completed in %s ms (%s ns/task), peak heap %s MiB of %s", ns(row.get().nsPerOp() / 1e6),
        ns(row.get().nsPerTask()),
        ns(row.get().secondary().getOrDefault("peakHeapMiB", Double.NaN)),
        ScaleBenchmark.MAX_HEAP));
  }

  // ------------------------------------------------------------------ charts

  private static List<Path> chart(
      StringBuilder md,
      Path outDir,
      List<Row> rows,
      String scenario,
      String op,
      String name,
      String title,
      String yTitle,
      ToDoubleFunction<Row> metric) throws IOException {
    List<Row> selected =
        sorted(rows.stream()
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
        .sorted(Comparator.comparingInt((Row r) -> index(KIND_ORDER, r.kind()))
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

  // ------------------------------------------------------------------ formatting

  static String ns(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    double abs = Math.abs(value);
    if (abs < 10) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    if (abs < 1000) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  static String bytes(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return Math.abs(value) < 10
        ? String.format(Locale.ROOT, "%.1f", value)
        : String.format(Locale.ROOT, "%,.0f", value);
  }

  static String ratio(double value) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String signed(double value) {
    return (value >= 0 ? "+" : "") + ns(value);
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.0f %%", value * 100);
  }
}
