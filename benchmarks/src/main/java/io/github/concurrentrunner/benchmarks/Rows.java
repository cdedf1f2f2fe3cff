package io.github.concurrentrunner.benchmarks;

import io.github.concurrentrunner.comparison.NativeRunners;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The report's order of rows, and the lookups behind its ratios. */
final class Rows {

  /** The order of operations in tables. */
  static final List<String> OPERATION_ORDER =
      List.of(
          "all",
          "allMax16",
          "allSettled",
          "any",
          "allOneFailing",
          "allTwoFailing",
          "allSettledHalfFailing",
          "bothCompleted",
          "bothBlocking",
          "allFailFast",
          "allMax64");

  /**
   * The kinds of implementation, in table order; also the method-name prefixes, except {@code
   * native}: a native runner runs through the {@code backend} methods.
   */
  static final List<String> KIND_ORDER = List.of("backend", "native", "raw", "floor");

  /** The average-time scenarios, in report order, with their section titles. */
  static final Map<String, String> SCENARIO_TITLES = new LinkedHashMap<>();

  static {
    SCENARIO_TITLES.put("Completed", "Completed async tasks (futures already done)");
    SCENARIO_TITLES.put("Blocking", "Trivial blocking tasks on a fixed 2-thread pool");
    SCENARIO_TITLES.put("Failure", "Failures (completed async tasks, stackless task exception)");
    SCENARIO_TITLES.put("Both", "both(a, b): two tasks of different types");
  }

  private Rows() {}

  /** Rows in report order: scenario, operation, N, kind, implementation. */
  static List<Row> sorted(List<Row> rows) {
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

  /** The position of a value in an order; unknown values go last. */
  static int index(List<String> order, String value) {
    int i = order.indexOf(value);
    return i < 0 ? order.size() : i;
  }

  /** The row of one implementation at one scenario, operation and N. */
  static Optional<Row> find(
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

  /** The library of a backend or native runner, as the raw baselines name it. */
  static String library(Row row) {
    return row.kind().equals("native") ? NativeRunners.library(row.impl()) : row.impl();
  }

  /**
   * A backend or native runner against the raw use of its own library, same scenario, operation
   * and N.
   */
  static double ratioToRaw(List<Row> rows, Row row) {
    if (!row.kind().equals("backend") && !row.kind().equals("native")) {
      return Double.NaN;
    }
    return find(rows, row.scenario(), "raw", row.op(), "raw " + library(row), row.n())
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
}
