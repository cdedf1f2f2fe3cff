package io.github.concurrentrunner.benchmarks;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.comparison.NativeRunners;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The entry point of {@code benchmarks.jar}.
 *
 * <pre>
 * java -jar benchmarks.jar quick  [--out DIR] [--note TEXT]   # about 6 minutes on 2 busy cores
 * java -jar benchmarks.jar full   [--out DIR] [--note TEXT]   # about 47 minutes on 2 quiet cores
 * java -jar benchmarks.jar full --forks 1 ...                 # about half of that
 * java -jar benchmarks.jar report [--out DIR] [--note TEXT] RESULT.json...
 * java -jar benchmarks.jar [JMH options]                      # JMH's own command line
 * </pre>
 *
 * <p>{@code --forks N} overrides the mode's forks per benchmark (the report's settings show
 * them). The note (also {@code -Dbenchmarks.note=...}) is shown in the report's header, for example
 * to say that the machine was busy.
 *
 * <p>{@code quick} and {@code full} run every benchmark of this module with {@code -prof gc}, with
 * {@code backend} set to every name {@link ConcurrentRunner#backends()} returns, write the JMH
 * JSON ({@code results-*.json}) and {@code run-info.properties} into the output directory, then
 * the report ({@code REPORT.md} and {@code charts/}). A quick run's report gives figures only:
 * its target verdicts are "n/a", as one short iteration per benchmark cannot judge them. Defaults: {@code benchmarks/results/quick}
 * and {@code benchmarks/results}, relative to the repository root. The exit status is 1 if a
 * benchmark failed (the report is written anyway, without its rows).
 */
public final class BenchmarkMain {

  /** The benchmarks measured in average time per call. */
  private static final String AVERAGE_TIME =
      ".*\\.(Completed|Blocking|Failure|Both)Benchmark\\..*";

  /**
   * The average-time benchmarks that go through a runner (their {@code backend} parameter names
   * it): a stage of native runners only runs these, since the raw baselines and floors do not
   * depend on the runner and already ran in the stage of the backends.
   */
  private static final String THROUGH_A_RUNNER =
      ".*\\.(Completed|Blocking|Failure|Both)Benchmark\\.backend.*";

  /**
   * Backends left out of the suites: their blocking tasks run on a cluster, which needs a member
   * and serializable tasks; {@link HazelcastBenchmark} measures the Hazelcast backend alone.
   */
  private static final List<String> REMOTE_BACKENDS = List.of("hazelcast");

  private BenchmarkMain() {}

  /**
   * How long one stage runs: a subset of benchmarks, whether the native runners join the
   * backends in it, and its JMH settings.
   */
  private record Stage(
      String name,
      String include,
      String exclude,
      Who who,
      int forks,
      int warmupIterations,
      Duration warmupTime,
      int measurementIterations,
      Duration measurementTime,
      String[] n) {}

  /** Which implementations a stage runs. */
  private enum Who {
    BACKENDS,
    NATIVES,
    BOTH
  }

  /** The bounded benchmarks: only the backends and the libraries with a bounded aggregate. */
  private static final String BOUNDED = ".*\\.BlockingBenchmark\\.backendAllMax16";

  /**
   * One mode's stages. In a full run the native runners run in the average-time stage, beside
   * the backends; not in the bounded one (CompletableFuture and Guava have no bounded aggregate,
   * so their native runners refuse {@code maxConcurrency}), nor in fail-fast latency (a native
   * {@code allOf} waits for all 4,095 one-second siblings) or scale (bounded). A quick run
   * measures the native runners at N = 4096 only, in a stage of their own without the raw
   * baselines and floors, which the backends' stage measured (6 min 11 s of JMH on 2 busy cores).
   */
  private static List<Stage> stages(String mode) {
    String failFast = ".*\\.FailFastBenchmark\\..*";
    String scale = ".*\\.ScaleBenchmark\\..*";
    if (mode.equals("quick")) {
      Duration t = Duration.ofMillis(300);
      return List.of(
          new Stage("average", AVERAGE_TIME, null, Who.BACKENDS, 1, 1, t, 2, t,
              new String[] {"64", "4096"}),
          new Stage("native", THROUGH_A_RUNNER, BOUNDED, Who.NATIVES, 1, 1, t, 2, t,
              new String[] {"4096"}),
          new Stage("failfast", failFast, null, Who.BACKENDS, 1, 100, null, 100, null, null),
          new Stage("scale", scale, null, Who.BACKENDS, 1, 1, null, 2, null, null));
    }
    Duration w = Duration.ofMillis(500);
    Duration m = Duration.ofSeconds(1);
    String[] n = {"2", "64", "4096"};
    return List.of(
        new Stage("average", AVERAGE_TIME, BOUNDED, Who.BOTH, 2, 2, w, 3, m, n),
        new Stage("bounded", BOUNDED, null, Who.BACKENDS, 2, 2, w, 3, m, n),
        // A shot takes a few ms; with fewer shots the mean was the JIT's and a few slow shots'.
        new Stage("failfast", failFast, null, Who.BACKENDS, 2, 500, null, 500, null, null),
        new Stage("scale", scale, null, Who.BACKENDS, 2, 2, null, 4, null, null));
  }

  /**
   * Runs a mode, the report, or JMH's own command line.
   *
   * @param args see the class documentation
   * @throws Exception if JMH or the report fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !List.of("quick", "full", "report").contains(args[0])) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    String mode = args[0];
    Path out = null;
    String note = System.getProperty("benchmarks.note");
    int forks = 0; // the mode's own
    List<Path> inputs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        case "--note" -> note = value(args, ++i, "--note");
        case "--forks" -> forks = forks(value(args, ++i, "--forks"));
        default -> {
          if (args[i].startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + args[i]
                + "; usage: quick|full [--out DIR] [--note TEXT] [--forks N] | report [--out DIR] FILE.json...");
          }
          inputs.add(Path.of(args[i]));
        }
      }
    }
    if (note != null && note.isBlank()) {
      note = null;
    }
    if (out == null) {
      out = Path.of(mode.equals("quick") ? "benchmarks/results/quick" : "benchmarks/results");
    }
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(out);
    if (mode.equals("report")) {
      if (inputs.isEmpty()) {
        throw new IllegalArgumentException("report needs at least one JMH JSON file");
      }
      Map<String, String> info = readInfo(out);
      if (note != null) {
        info.put("note", note);
      }
      report(ResultReader.fromJson(inputs), out, info);
      return;
    }
    if (!inputs.isEmpty()) {
      throw new IllegalArgumentException("unexpected arguments " + inputs);
    }
    System.exit(run(mode, out, note, forks));
  }

  private static int forks(String value) {
    int forks;
    try {
      forks = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--forks must be a positive number but was " + value, e);
    }
    if (forks < 1) {
      throw new IllegalArgumentException("--forks must be a positive number but was " + value);
    }
    return forks;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int run(String mode, Path out, String note, int forks)
      throws IOException, RunnerException {
    // JMH's lock file lives in java.io.tmpdir, which must exist.
    Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    List<String> backends = new ArrayList<>(ConcurrentRunner.backends());
    backends.removeAll(REMOTE_BACKENDS);
    if (backends.isEmpty()) {
      throw new IllegalStateException("no concurrent-runner backend on the class path");
    }
    Instant started = Instant.now();
    PrintStream console = System.out;
    console.printf(Locale.ROOT, "concurrent-runner benchmarks, %s mode, backends %s, output %s%n",
        mode, backends, out.toAbsolutePath().normalize());
    Map<String, String> info = new LinkedHashMap<>();
    info.put("date (UTC)", started.truncatedTo(ChronoUnit.SECONDS).toString());
    info.put("mode", mode);
    info.put("backends", String.join(", ", backends));
    info.put("native runners", String.join(", ", NativeRunners.names()));
    info.put("machine", machine());
    if (note != null) {
      info.put("note", note);
    }
    List<RunResult> results = new ArrayList<>();
    List<Path> jsonFiles = new ArrayList<>();
    Progress progress = new Progress(console, started);
    if (forks > 0) {
      info.put("forks", forks + " per benchmark (--forks), instead of the mode's own");
    }
    for (Stage stage : stages(mode)) {
      // JMH writes its JSON for the record (the report can be regenerated from it later); this
      // run's report is made from the RunResults JMH hands over in-process.
      Path json = out.resolve("results-" + stage.name() + ".json");
      jsonFiles.add(json);
      List<String> implementations = new ArrayList<>();
      if (stage.who() != Who.NATIVES) {
        implementations.addAll(backends);
      }
      if (stage.who() != Who.BACKENDS) {
        implementations.addAll(NativeRunners.names());
      }
      ChainedOptionsBuilder options =
          new OptionsBuilder()
              .include(stage.include())
              .param("backend", implementations.toArray(String[]::new))
              .forks(forks > 0 ? forks : stage.forks())
              .warmupIterations(stage.warmupIterations())
              .measurementIterations(stage.measurementIterations())
              .addProfiler(GCProfiler.class)
              .shouldFailOnError(false)
              .resultFormat(ResultFormatType.JSON)
              .result(json.toString());
      if (stage.warmupTime() != null) {
        options
            .warmupTime(TimeValue.milliseconds(stage.warmupTime().toMillis()))
            .measurementTime(TimeValue.milliseconds(stage.measurementTime().toMillis()));
      }
      if (stage.exclude() != null) {
        options.exclude(stage.exclude());
      }
      if (stage.n() != null) {
        options.param("n", stage.n());
      }
      results.addAll(new Runner(options.build(), progress).run());
    }
    info.put("duration", formatDuration(Duration.between(started, Instant.now())));
    writeInfo(out, info);
    Results inProcess = ResultReader.fromRuns(results);
    report(inProcess, out, info);
    if (!ResultReader.fromJson(jsonFiles).equals(inProcess)) {
      // The committed REPORT.md is regenerated from the JSON: both paths must agree.
      console.println("WARNING: the results read back from " + jsonFiles
          + " differ from JMH's in-process results; `report` would not reproduce this REPORT.md");
    }
    if (progress.failed > 0) {
      console.printf(Locale.ROOT, "%d benchmark(s) FAILED; see the messages above%n",
          progress.failed);
      return 1;
    }
    return 0;
  }

  private static void report(Results results, Path out, Map<String, String> info)
      throws IOException {
    ReportGenerator.Result result = ReportGenerator.generate(results, out, info);
    System.out.println();
    System.out.print(result.summary());
    System.out.println("Report: " + out.resolve("REPORT.md").toAbsolutePath().normalize());
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      if (Files.isReadable(cpuinfo)) {
        Optional<String> model =
            Files.readAllLines(cpuinfo).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst();
        cpu = model.orElse(cpu);
      }
    } catch (IOException | RuntimeException e) {
      // the CPU model is a courtesy
    }
    long heapMiB = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    return String.format(Locale.ROOT, "%d cores (%s), %s %s %s, max heap of the driver %d MiB",
        Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("os.arch"), heapMiB);
  }

  private static String formatDuration(Duration d) {
    return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
  }

  private static void writeInfo(Path out, Map<String, String> info) throws IOException {
    StringBuilder sb = new StringBuilder();
    info.forEach((k, v) -> sb.append(k.replace(' ', '_')).append('=').append(v).append('\n'));
    Files.writeString(out.resolve("run-info.properties"), sb.toString(), StandardCharsets.UTF_8);
  }

  private static Map<String, String> readInfo(Path out) throws IOException {
    Map<String, String> info = new LinkedHashMap<>();
    Path file = out.resolve("run-info.properties");
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          info.put(line.substring(0, eq).replace('_', ' '), line.substring(eq + 1));
        }
      }
    }
    return info;
  }

  /** Prints one line per finished benchmark instead of JMH's verbose log. */
  private static final class Progress implements OutputFormat {
    private final PrintStream out;
    private final Instant started;
    private int done;
    private int failed;
    private BenchmarkParams current;

    Progress(PrintStream out, Instant started) {
      this.out = out;
      this.started = started;
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
      current = params;
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
      done++;
      String elapsed = formatDuration(Duration.between(started, Instant.now()));
      if (result == null) {
        failed++;
        out.printf(Locale.ROOT, "[%3d %s] %s FAILED%n", done, elapsed, describe(current));
        return;
      }
      Result<?> primary = result.getPrimaryResult();
      double alloc = Double.NaN;
      for (String key : result.getSecondaryResults().keySet()) {
        if (key.endsWith("gc.alloc.rate.norm")) {
          alloc = result.getSecondaryResults().get(key).getScore();
        }
      }
      out.printf(Locale.ROOT, "[%3d %s] %-70s %12.1f %s%s%n", done, elapsed,
          describe(result.getParams()), primary.getScore(), primary.getScoreUnit(),
          Double.isNaN(alloc) ? "" : String.format(Locale.ROOT, " %10.0f B/op", alloc));
    }

    private static String describe(BenchmarkParams params) {
      if (params == null) {
        return "?";
      }
      String benchmark = params.getBenchmark();
      String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
      StringBuilder sb = new StringBuilder(name);
      for (String key : params.getParamsKeys()) {
        sb.append(' ').append(key).append('=').append(params.getParam(key));
      }
      return sb.toString();
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {}

    @Override
    public void iterationResult(
        BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {}

    @Override
    public void startRun() {}

    @Override
    public void endRun(Collection<RunResult> result) {}

    @Override
    public void print(String s) {
      out.print(s);
    }

    @Override
    public void println(String s) {
      // JMH's own progress ("# Run progress", "# Fork") is replaced by one line per benchmark.
      if (!s.isBlank() && !s.startsWith("# ")) {
        out.println(s);
      }
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      out.flush();
    }

    @Override
    public void verbosePrintln(String s) {}

    @Override
    public void write(int b) {
      out.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
      out.write(b);
    }
  }
}
