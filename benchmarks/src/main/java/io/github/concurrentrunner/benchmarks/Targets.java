package io.github.concurrentrunner.benchmarks;

import static io.github.concurrentrunner.benchmarks.Format.bytes;
import static io.github.concurrentrunner.benchmarks.Format.ns;
import static io.github.concurrentrunner.benchmarks.Format.ratio;
import static io.github.concurrentrunner.benchmarks.Rows.find;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The performance targets of the backends (issue #12), each judged met, not met or not
 * measurable. Every target is a ratio or a bound within one run: a backend against the raw use of
 * CompletableFuture ({@code allOf} + collect, {@code supplyAsync} + {@code allOf}) or against its
 * own {@code all}, measured beside it.
 */
final class Targets {

  /** Completed {@code all}, N = 4096: at most this factor of raw {@code allOf} + collect. */
  static final double COMPLETED_RATIO = 1.0;

  /** Completed {@code all}, N = 4096: at most this many bytes per task. */
  static final double COMPLETED_BYTES_PER_TASK = 28;

  /** Completed {@code all}, N = 2: at most this factor of raw {@code allOf}. */
  static final double SMALL_RATIO = 3.0;

  /** Completed {@code allSettled} and {@code any}: at most this factor of completed {@code all}. */
  static final double OTHER_OPS_RATIO = 1.2;

  /** Blocking {@code all}, N = 4096: at most this factor of raw {@code supplyAsync} + {@code allOf}. */
  static final double BLOCKING_RATIO = 1.1;

  /** Fail-fast latency, from the failure to {@code await()} throwing: at most this many µs. */
  static final double FAIL_FAST_MICROS = 200;

  /** The N of the large targets. */
  private static final long LARGE = 4096;

  /** The raw baseline every backend is compared with: the JDK's own tool. */
  private static final String RAW = "raw completablefuture";

  private Targets() {}

  /**
   * A verdict: met, not met, or not measurable; and the numbers behind it.
   *
   * @param met true, false, or null when the run has no data for it
   * @param numbers the figures behind the verdict
   */
  record Verdict(Boolean met, String numbers) {
    String label() {
      return met == null ? "n/a" : met ? "met" : "**not met**";
    }
  }

  /** One target for one backend. */
  record Judged(String target, String backend, Verdict verdict) {
    /** The console line. */
    String line() {
      return String.format(Locale.ROOT, "target %-7s %-18s %s: %s",
          verdict.met() == null ? "n/a" : verdict.met() ? "MET" : "NOT MET", backend,
          target.replace("`", ""), verdict.numbers());
    }
  }

  /** What a quick run says instead of a verdict. */
  static final String QUICK =
      "quick run: figures only, a verdict needs a full run (`-Pbenchmarks-full`)";

  /**
   * Every target for every backend, in report order. A quick run (one short iteration per
   * benchmark) judges nothing: the same target has read 8.74× in one quick run and 1.84× in the
   * next, so its verdicts are "n/a" with the figures and the reason.
   */
  static List<Judged> judge(List<Row> rows, List<String> backends, boolean quick) {
    List<Judged> judged = judge(rows, backends);
    if (!quick) {
      return judged;
    }
    return judged.stream()
        .map(j -> new Judged(j.target(), j.backend(),
            new Verdict(null, j.verdict().numbers() + " (" + QUICK + ")")))
        .toList();
  }

  private static List<Judged> judge(List<Row> rows, List<String> backends) {
    List<Judged> judged = new ArrayList<>();
    for (String backend : backends) {
      judged.add(new Judged("Completed `all`, N = 4096: ≤ 1.0 × raw `allOf` + collect", backend,
          againstRaw(rows, "Completed", backend, LARGE, COMPLETED_RATIO)));
      judged.add(new Judged("Completed `all`, N = 4096: ≤ 28 B/task", backend,
          completedBytes(rows, backend)));
      judged.add(new Judged("Completed `all`, N = 2: ≤ 3 × raw `allOf` + collect", backend,
          againstRaw(rows, "Completed", backend, 2, SMALL_RATIO)));
      judged.add(new Judged("Completed `allSettled` and `any`: ≤ 1.2 × completed `all`", backend,
          otherOperations(rows, backend)));
      judged.add(new Judged(
          "Blocking `all`, N = 4096, 2-thread pool: ≤ 1.1 × raw `supplyAsync` + `allOf`", backend,
          againstRaw(rows, "Blocking", backend, LARGE, BLOCKING_RATIO)));
      judged.add(new Judged("Fail-fast latency, 4,096 blocking tasks on 2 threads: ≤ 200 µs",
          backend, failFast(rows, backend)));
      judged.add(new Judged("1,000,000 tasks, `maxConcurrency(64)`, in `-Xmx"
          + ScaleBenchmark.MAX_HEAP + "`", backend, scaleTarget(rows, backend)));
    }
    return judged;
  }

  /**
   * A backend's {@code all} against raw CompletableFuture in the same scenario and N: met when the
   * ratio of their times is at most {@code limit}.
   */
  private static Verdict againstRaw(
      List<Row> rows, String scenario, String backend, long n, double limit) {
    Optional<Row> b = find(rows, scenario, "backend", "all", backend, n);
    Optional<Row> r = find(rows, scenario, "raw", "all", RAW, n);
    if (b.isEmpty() || r.isEmpty()) {
      return new Verdict(null, "N = " + n + " not measured");
    }
    double ratio = b.get().nsPerOp() / r.get().nsPerOp();
    return new Verdict(ratio <= limit, String.format(Locale.ROOT,
        "%s × raw (%s vs %s ns/task)%s", ratio(ratio), ns(b.get().nsPerTask()),
        ns(r.get().nsPerTask()),
        ratio <= limit ? "" : ", over by " + ratio(ratio - limit) + "×"));
  }

  static Verdict completedBytes(List<Row> rows, String backend) {
    Optional<Row> b = find(rows, "Completed", "backend", "all", backend, LARGE);
    if (b.isEmpty()) {
      return new Verdict(null, "N = 4096 not measured");
    }
    double perTask = b.get().bytesPerTask();
    if (Double.isNaN(perTask)) {
      return new Verdict(null, "no allocation data (run with -prof gc)");
    }
    Optional<Row> r = find(rows, "Completed", "raw", "all", RAW, LARGE);
    String raw = r.isEmpty() || Double.isNaN(r.get().bytesPerTask())
        ? "" : "; raw `allOf` + collect " + bytes(r.get().bytesPerTask());
    boolean met = perTask <= COMPLETED_BYTES_PER_TASK;
    return new Verdict(met, String.format(Locale.ROOT, "%s B/task%s%s", bytes(perTask), raw,
        met ? "" : ", over by " + bytes(perTask - COMPLETED_BYTES_PER_TASK) + " B/task"));
  }

  /** allSettled and any against all, at every N where both were measured; the worst decides. */
  static Verdict otherOperations(List<Row> rows, String backend) {
    boolean met = true;
    List<String> parts = new ArrayList<>();
    for (String op : List.of("allSettled", "any")) {
      Set<Long> ns = new TreeSet<>();
      rows.stream()
          .filter(r -> r.scenario().equals("Completed") && r.op().equals(op)
              && r.impl().equals(backend))
          .forEach(r -> ns.add(r.n()));
      for (long n : ns) {
        Optional<Row> o = find(rows, "Completed", "backend", op, backend, n);
        Optional<Row> a = find(rows, "Completed", "backend", "all", backend, n);
        if (o.isPresent() && a.isPresent()) {
          double ratio = o.get().nsPerOp() / a.get().nsPerOp();
          met &= ratio <= OTHER_OPS_RATIO;
          parts.add(String.format(Locale.ROOT, "%s N=%d: %s × all", op, n, ratio(ratio)));
        }
      }
    }
    if (parts.isEmpty()) {
      return new Verdict(null, "allSettled and any not measured beside all");
    }
    return new Verdict(met, String.join("; ", parts));
  }

  static Verdict failFast(List<Row> rows, String backend) {
    Optional<Row> row = failFastRow(rows, "backend", backend);
    double nanos = row.map(FailFastBenchmark::failureToThrowNanos).orElse(Double.NaN);
    if (Double.isNaN(nanos)) {
      return new Verdict(null, "not measured in this run");
    }
    double micros = nanos / 1e3;
    boolean met = micros <= FAIL_FAST_MICROS;
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "%s µs from the failure to `await()` throwing (mean of the shots)%s", ns(micros),
        met ? "" : ", over by " + ns(micros - FAIL_FAST_MICROS) + " µs"));
    double median = FailFastBenchmark.failureToThrowMedianNanos(row.get());
    if (!Double.isNaN(median)) {
      text.append(String.format(Locale.ROOT, "; median shot %s µs", ns(median / 1e3)));
    }
    Optional<Row> floor = failFastRow(rows, "floor", "floor");
    if (floor.isPresent()) {
      double floorMean = FailFastBenchmark.failureToThrowNanos(floor.get());
      double floorMedian = FailFastBenchmark.failureToThrowMedianNanos(floor.get());
      text.append(String.format(Locale.ROOT, "; the JDK by hand (floor) in this run: mean %s µs",
          ns(floorMean / 1e3)));
      boolean medians = !Double.isNaN(median) && !Double.isNaN(floorMedian);
      if (medians) {
        text.append(String.format(Locale.ROOT, ", median %s µs", ns(floorMedian / 1e3)));
      }
      text.append(String.format(Locale.ROOT, "; so %s × floor (mean)", ratio(nanos / floorMean)));
      if (medians) {
        text.append(String.format(Locale.ROOT, ", %s × (median)", ratio(median / floorMedian)));
      }
    }
    return new Verdict(met, text.toString());
  }

  private static Optional<Row> failFastRow(List<Row> rows, String kind, String impl) {
    return rows.stream()
        .filter(r -> r.scenario().equals("FailFast") && r.kind().equals(kind)
            && r.impl().equals(impl))
        .findFirst();
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
}
