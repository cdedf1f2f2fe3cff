package io.github.concurrentrunner.benchmarks;

import static io.github.concurrentrunner.benchmarks.Format.bytes;
import static io.github.concurrentrunner.benchmarks.Format.ns;
import static io.github.concurrentrunner.benchmarks.Format.ratio;
import static io.github.concurrentrunner.benchmarks.Format.tableRow;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The Markdown sections of {@code REPORT.md}: header, targets, and one table per scenario. */
final class MarkdownReport {

  private MarkdownReport() {}

  /** The title, the facts of the run and the legend. */
  static void header(StringBuilder md, Map<String, String> info, Results results) {
    md.append("# concurrent-runner benchmarks\n\n");
    md.append("| | |\n|---|---|\n");
    info.forEach((k, v) -> tableRow(md, k, v));
    if (results.jdk() != null) {
      md.append("| JDK | ").append(results.jdk()).append(" |\n");
      md.append("| JMH | ").append(results.jmhVersion()).append(" |\n");
    }
    if (!results.settings().isEmpty()) {
      md.append("| JMH settings | ").append(String.join("; ", results.settings())).append(" |\n");
    }
    md.append('\n');
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
  }

  /** The targets table. */
  static void targets(StringBuilder md, List<Targets.Judged> judged, boolean anyBackend) {
    md.append("## Targets\n\n");
    if (!anyBackend) {
      md.append("No backend results: nothing to check.\n\n");
      return;
    }
    md.append("| target | backend | verdict | numbers |\n|---|---|---|---|\n");
    for (Targets.Judged j : judged) {
      tableRow(md, j.target(), j.backend(), j.verdict().label(), j.verdict().numbers());
    }
    md.append('\n');
  }

  /** What the report says about the native runners and the matrix, when it has them. */
  static void natives(StringBuilder md, List<Row> rows, Conformance conformance) {
    boolean natives = rows.stream().anyMatch(r -> r.kind().equals("native"));
    if (!natives && !conformance.present()) {
      return;
    }
    if (natives) {
      md.append("The *native* rows are each library's own aggregate behind the same interface, "
          + "written by hand with no engine (module `comparison`): `cf-allof` is `allOf` + "
          + "collect, `guava-allaslist` `allAsList`, `guava-successfulaslist` `successfulAsList` "
          + "(a failure becomes `null`), `rxjava-zip` `Single.zip`, `reactor-zip` `Mono.zip`. "
          + "Their `× raw` is against the bare library call, so it is the cost of the interface "
          + "(task objects, handle); a backend against a native runner is the cost of the engine "
          + "and of the rules it keeps.");
    }
    if (conformance.present()) {
      md.append(natives ? " " : "")
          .append("The *conformance* column is the [conformance matrix](")
          .append(conformance.link())
          .append("): rules passed of those the TCK tests, then which of the rules that matter "
              + "in the scenario are not kept.");
    }
    md.append("\n\n");
  }

  /** One section per average-time scenario. */
  static void scenarios(StringBuilder md, List<Row> rows, Conformance conformance) {
    for (Map.Entry<String, String> scenario : Rows.SCENARIO_TITLES.entrySet()) {
      List<Row> selected =
          rows.stream().filter(r -> r.scenario().equals(scenario.getKey())).toList();
      if (!selected.isEmpty()) {
        md.append("## ").append(scenario.getValue()).append("\n\n");
        table(md, rows, selected, scenario.getKey(), conformance);
      }
    }
  }

  private static void table(
      StringBuilder md, List<Row> all, List<Row> selected, String scenario, Conformance conformance) {
    boolean column = conformance.present();
    md.append(
        "| operation | N | implementation | ns/op | ± | ns/task | B/op | B/task | × raw | × floor |"
            + (column ? " conformance |" : "") + "\n");
    md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|" + (column ? "---|" : "") + "\n");
    for (Row row : Rows.sorted(selected)) {
      Object[] cells = {
        row.op(),
        row.n(),
        switch (row.kind()) {
          case "backend" -> "**" + row.impl() + "**";
          case "native" -> "*" + row.impl() + "* (native)";
          default -> row.impl();
        },
        ns(row.nsPerOp()),
        ns(row.errorNs()),
        ns(row.nsPerTask()),
        bytes(row.bytesPerOp()),
        bytes(row.bytesPerTask()),
        ratio(Rows.ratioToRaw(all, row)),
        ratio(Rows.ratioToFloor(all, row)),
        conformance.cell(scenario, row)
      };
      tableRow(md, column ? cells : java.util.Arrays.copyOf(cells, cells.length - 1));
    }
    md.append('\n');
  }

  /** The fail-fast latency section, if measured. */
  static void failFast(StringBuilder md, List<Row> rows) {
    List<Row> selected =
        Rows.sorted(rows.stream().filter(r -> r.scenario().equals("FailFast")).toList());
    if (selected.isEmpty()) {
      return;
    }
    md.append("## Fail-fast latency\n\n")
        .append("`all` over ")
        .append(FailFastBenchmark.N)
        .append(" blocking tasks on the 2-thread pool; task 0 fails once the call has returned and "
            + "another task has started (so each shot has one running task to interrupt), the "
            + "others sleep ")
        .append(FailFastBenchmark.SLOW_MILLIS)
        .append(" ms. Mean and median of the shots; other tasks started should read 1 (the one "
            + "running beside task 0). The floor is the JDK doing the same job by hand: "
            + "`FutureTask`s on the same pool, the failing one cancelling the others with "
            + "interruption and taking them out of the queue, the caller waiting until no task "
            + "body runs.\n\n");
    md.append("| implementation | whole call (µs) | failure → `await()` throws: mean (µs) | "
        + "× floor | median shot (µs) | × floor | other tasks started | B/op |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
    Optional<Row> floor = selected.stream().filter(r -> r.kind().equals("floor")).findFirst();
    double floorMean = floor.map(FailFastBenchmark::failureToThrowNanos).orElse(Double.NaN);
    double floorMedian =
        floor.map(FailFastBenchmark::failureToThrowMedianNanos).orElse(Double.NaN);
    for (Row row : selected) {
      double mean = FailFastBenchmark.failureToThrowNanos(row);
      double median = FailFastBenchmark.failureToThrowMedianNanos(row);
      boolean isFloor = row.kind().equals("floor");
      tableRow(
          md,
          row.impl(),
          ns(row.nsPerOp() / 1e3),
          ns(mean / 1e3),
          isFloor ? "" : ratio(mean / floorMean),
          ns(median / 1e3),
          isFloor ? "" : ratio(median / floorMedian),
          ns(row.secondary().getOrDefault("othersStarted", Double.NaN)),
          bytes(row.bytesPerOp()));
    }
    md.append('\n');
  }

  /** The scale section, if measured. */
  static void scale(StringBuilder md, List<Row> rows) {
    List<Row> selected =
        Rows.sorted(rows.stream().filter(r -> r.scenario().equals("Scale")).toList());
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
}
