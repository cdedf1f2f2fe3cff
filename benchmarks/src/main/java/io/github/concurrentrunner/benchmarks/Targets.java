package io.github.concurrentrunner.benchmarks;

import static io.github.concurrentrunner.benchmarks.Format.bytes;
import static io.github.concurrentrunner.benchmarks.Format.ns;
import static io.github.concurrentrunner.benchmarks.Format.percent;
import static io.github.concurrentrunner.benchmarks.Format.ratio;
import static io.github.concurrentrunner.benchmarks.Format.signed;
import static io.github.concurrentrunner.benchmarks.Rows.find;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The performance targets of the backends, each judged met, not met or not measurable. */
final class Targets {

  /** The target: a backend's completed {@code all} costs at most this many ns per task over raw. */
  static final double TARGET_NS_PER_TASK = 3;

  /** The target: at most this many ns per call over raw. */
  static final double TARGET_NS_PER_CALL = 50;

  /** The target (hard gate): at most this many bytes per task over raw. */
  static final double TARGET_BYTES_PER_TASK = 32;

  /** The target: blocking tasks at N = 4096 within this factor of the floor. */
  static final double TARGET_FLOOR_RATIO = 1.5;

  private static final Verdict NO_BASELINE =
      new Verdict(null, "no raw baseline of this library, or no N ≥ 64");

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
      judged.add(new Judged("Completed `all`, N ≥ 64: ≤ +3 ns/task and ≤ +50 ns/call over raw",
          backend, completedTimeTarget(rows, backend)));
      judged.add(new Judged("Completed `all`, N ≥ 64: ≤ +32 B/task over raw (hard gate)", backend,
          completedBytesTarget(rows, backend)));
    }
    if (backends.contains("completablefuture")) {
      judged.add(new Judged("Completed `all`, N = 4096: CF backend ≤ 1.0 × raw `allOf` + collect",
          "completablefuture", cfNoSlowerThanAllOf(rows)));
    }
    for (String backend : backends) {
      judged.add(new Judged("Blocking `all`, N = 4096: ≤ 1.5 × floor", backend,
          floorTarget(rows, backend)));
    }
    for (String backend : backends) {
      judged.add(new Judged("1,000,000 tasks, `maxConcurrency(64)`, in `-Xmx256m`", backend,
          scaleTarget(rows, backend)));
    }
    return judged;
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
      return NO_BASELINE;
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
      return NO_BASELINE;
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
}
