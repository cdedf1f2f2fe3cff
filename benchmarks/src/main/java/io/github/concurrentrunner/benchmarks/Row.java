package io.github.concurrentrunner.benchmarks;

import java.util.Map;

/**
 * One benchmark result, as the report sees it: one method at one parameter set.
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
