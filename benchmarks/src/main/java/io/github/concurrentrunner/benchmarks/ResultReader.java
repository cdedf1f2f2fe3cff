package io.github.concurrentrunner.benchmarks;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.concurrentrunner.comparison.NativeRunners;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Reads benchmark results into {@link Results}: in-process from JMH's {@link RunResult}s (what
 * {@code Runner.run()} returns), or from the JSON files JMH writes ({@code -rf json}), parsed with
 * Jackson. Both paths go through one {@link Measurement}, so a report generated right after a run
 * and one regenerated later from the saved JSON are the same.
 */
final class ResultReader {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The suffix of a secondary metric's median per iteration (see {@link #summarize}). */
  static final String MEDIAN = ".median";

  private ResultReader() {}

  /**
   * One benchmark at one parameter set, in JMH's terms.
   *
   * @param secondary the mean per iteration of each secondary metric, and its median (see {@link
   *     #summarize}): JMH sums {@code EVENTS} counters over iterations in its score, so the
   *     per-iteration values are the honest source
   */
  private record Measurement(
      String benchmark,
      String mode,
      Map<String, String> params,
      double score,
      double scoreError,
      String scoreUnit,
      Map<String, Double> secondary,
      long forks,
      long warmupIterations,
      String warmupTime,
      long measurementIterations,
      String measurementTime,
      String jdk,
      String jmhVersion) {}

  /**
   * Reads what {@code Runner.run()} returned.
   *
   * @param runs the results of one or more runs, in order
   * @return the rows and facts
   */
  static Results fromRuns(Collection<RunResult> runs) {
    List<Measurement> measurements = new ArrayList<>();
    for (RunResult run : runs) {
      BenchmarkParams p = run.getParams();
      Map<String, String> params = new LinkedHashMap<>();
      for (String key : p.getParamsKeys()) {
        params.put(key, p.getParam(key));
      }
      Map<String, Double> secondary = new LinkedHashMap<>();
      for (String name : run.getSecondaryResults().keySet()) {
        List<Double> values = new ArrayList<>();
        for (BenchmarkResult fork : run.getBenchmarkResults()) {
          for (IterationResult iteration : fork.getIterationResults()) {
            Result<?> value = iteration.getSecondaryResults().get(name);
            if (value != null) {
              values.add(value.getScore());
            }
          }
        }
        summarize(secondary, name, values, run.getSecondaryResults().get(name).getScore());
      }
      Result<?> primary = run.getPrimaryResult();
      measurements.add(
          new Measurement(
              p.getBenchmark(),
              p.getMode().shortLabel(),
              params,
              primary.getScore(),
              primary.getScoreError(),
              primary.getScoreUnit(),
              secondary,
              p.getForks(),
              p.getWarmup().getCount(),
              String.valueOf(p.getWarmup().getTime()),
              p.getMeasurement().getCount(),
              String.valueOf(p.getMeasurement().getTime()),
              p.getJdkVersion() + ", " + p.getVmName() + " " + p.getVmVersion(),
              p.getJmhVersion()));
    }
    return results(measurements);
  }

  /**
   * Reads JMH JSON files (each an array of benchmark results; an empty file is skipped).
   *
   * @param files the files
   * @return the rows and facts, in file order
   * @throws IOException if a file cannot be read
   * @throws IllegalArgumentException if a file is not JMH's JSON
   */
  static Results fromJson(List<Path> files) throws IOException {
    List<Measurement> measurements = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (text.isEmpty()) {
        continue;
      }
      JsonNode root;
      try {
        root = MAPPER.readTree(text);
      } catch (JacksonException e) {
        throw new IllegalArgumentException(
            "malformed JMH JSON in " + file + ": " + e.getOriginalMessage(), e);
      }
      if (!root.isArray()) {
        throw new IllegalArgumentException(
            "malformed JMH JSON in " + file + ": expected an array of benchmark results");
      }
      for (JsonNode entry : root) {
        measurements.add(measurement(entry));
      }
    }
    return results(measurements);
  }

  private static Measurement measurement(JsonNode entry) {
    Map<String, String> params = new LinkedHashMap<>();
    entry.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
    Map<String, Double> secondary = new LinkedHashMap<>();
    entry.path("secondaryMetrics").properties().forEach(e -> {
      List<Double> values = new ArrayList<>();
      e.getValue().path("rawData").forEach(fork -> fork.forEach(v -> values.add(number(v))));
      summarize(secondary, e.getKey(), values, number(e.getValue().path("score")));
    });
    JsonNode primary = entry.path("primaryMetric");
    return new Measurement(
        entry.path("benchmark").asText(),
        entry.path("mode").asText(),
        params,
        number(primary.path("score")),
        number(primary.path("scoreError")),
        primary.path("scoreUnit").asText(),
        secondary,
        entry.path("forks").asLong(),
        entry.path("warmupIterations").asLong(),
        entry.path("warmupTime").asText(),
        entry.path("measurementIterations").asLong(),
        entry.path("measurementTime").asText(),
        entry.path("jdkVersion").asText()
            + ", "
            + entry.path("vmName").asText()
            + " "
            + entry.path("vmVersion").asText(),
        entry.path("jmhVersion").asText());
  }

  /**
   * Puts a secondary metric's mean per iteration under its name, and, when there are several
   * iterations, their median under {@code name + MEDIAN} (for a single-shot benchmark, the median
   * shot, which a few slow shots cannot move as they move the mean).
   *
   * @param fallback the score, used when no per-iteration value is known
   */
  private static void summarize(
      Map<String, Double> secondary, String name, List<Double> values, double fallback) {
    if (values.isEmpty()) {
      secondary.put(name, fallback);
      return;
    }
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    secondary.put(name, sum / values.size());
    if (values.size() > 1) {
      double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      int mid = sorted.length / 2;
      secondary.put(name + MEDIAN,
          sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
    }
  }

  /** A JSON number, or a string such as JMH's {@code "NaN"}; NaN if absent. */
  private static double number(JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      try {
        return Double.parseDouble(node.textValue());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  private static Results results(List<Measurement> measurements) {
    List<Row> rows = new ArrayList<>();
    Set<String> settings = new LinkedHashSet<>();
    for (Measurement m : measurements) {
      rows.add(row(m));
      settings.add(settings(m));
    }
    Measurement first = measurements.isEmpty() ? null : measurements.get(0);
    return new Results(
        rows, first == null ? null : first.jdk(), first == null ? null : first.jmhVersion(),
        settings);
  }

  private static String settings(Measurement m) {
    boolean singleShot = m.mode().equals("ss");
    String benchmark = m.benchmark();
    String label =
        singleShot
            ? benchmark.substring(
                    benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1,
                    benchmark.lastIndexOf('.'))
                + " (single shot)"
            : "average time";
    return label
        + ": "
        + m.forks()
        + " fork(s), warmup "
        + m.warmupIterations()
        + (singleShot ? " shots" : " x " + m.warmupTime())
        + ", measurement "
        + m.measurementIterations()
        + (singleShot ? " shots" : " x " + m.measurementTime());
  }

  /** Names a measurement after the conventions of this module (see the package documentation). */
  private static Row row(Measurement m) {
    String benchmark = m.benchmark();
    int dot = benchmark.lastIndexOf('.');
    String method = benchmark.substring(dot + 1);
    String className = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
    String scenario =
        className.endsWith("Benchmark")
            ? className.substring(0, className.length() - "Benchmark".length())
            : className;
    String prefix =
        Rows.KIND_ORDER.stream().filter(method::startsWith).findFirst().orElse("other");
    String rest = prefix.equals("other") ? method : method.substring(prefix.length());
    String op = rest.isEmpty() ? method : Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    Map<String, String> params = m.params();
    // A native runner (a library's own aggregate) runs through the backend benchmarks.
    boolean isNative =
        prefix.equals("backend") && NativeRunners.isNative(params.getOrDefault("backend", ""));
    String kind = isNative ? "native" : prefix;
    String impl =
        switch (kind) {
          case "backend", "native" -> params.getOrDefault("backend", "?");
          case "raw" -> "raw " + params.getOrDefault("library", "?");
          case "floor" -> "floor";
          default -> method;
        };
    long n;
    if (params.containsKey("n")) {
      n = Long.parseLong(params.get("n"));
    } else {
      n =
          switch (scenario) {
            case "Both" -> 2;
            case "FailFast" -> FailFastBenchmark.N;
            case "Scale" -> ScaleBenchmark.N;
            default -> 1;
          };
    }
    double toNs = nanosPer(m.scoreUnit());
    double bytes = Double.NaN;
    Map<String, Double> secondary = new LinkedHashMap<>();
    for (Map.Entry<String, Double> metric : m.secondary().entrySet()) {
      String name = metric.getKey().startsWith("·") ? metric.getKey().substring(1) : metric.getKey();
      if (name.equals("gc.alloc.rate.norm")) {
        bytes = metric.getValue();
      } else {
        secondary.put(name, metric.getValue());
      }
    }
    return new Row(scenario, kind, op, impl, n, m.score() * toNs, m.scoreError() * toNs, bytes,
        secondary);
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
}
