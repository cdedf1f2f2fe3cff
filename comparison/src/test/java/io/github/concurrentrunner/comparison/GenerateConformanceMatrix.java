package io.github.concurrentrunner.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.comparison.ConformanceRun.Case;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Generates {@code benchmarks/results/CONFORMANCE.md}: the whole TCK against every native runner
 * and every backend. Not part of the build: its name matches none of surefire's patterns, so it
 * runs only when named, with the command in {@link ConformanceMatrix#COMMAND}.
 *
 * <p>Each implementation's kit runs in a JVM of its own ({@link ConformanceFork}), {@value
 * #DEFAULT_PARALLEL} at a time by default; the cases of each are kept in {@code
 * target/conformance/<implementation>.cases}. System properties: {@code conformance.out} (the
 * Markdown file), {@code conformance.only} (a comma-separated list of implementations: a partial
 * matrix), {@code conformance.parallel} (how many kits at once), {@code conformance.from} (a
 * directory of {@code .cases} files: render the matrix from them without running anything, after
 * a change to the matrix's words).
 *
 * <p>The whole matrix is generated on JDK 25 (the build's {@code jdk25-structured-task-scope}
 * profile runs the tests with {@code --enable-preview}, which each kit's JVM inherits): only
 * there does the {@code StructuredTaskScope} runner exist. On another JDK only a partial matrix
 * ({@code conformance.only}) can be made.
 */
class GenerateConformanceMatrix {

  /** How many kits run at once by default. */
  static final int DEFAULT_PARALLEL = 3;

  /** The most one kit may take before the generation gives up on it. */
  static final Duration KIT_BOUND = Duration.ofMinutes(40);

  @Test
  void generate() throws Exception {
    Path out =
        Path.of(System.getProperty("conformance.out", "../benchmarks/results/CONFORMANCE.md"));
    String from = System.getProperty("conformance.from", "");
    Path dir = from.isEmpty() ? Path.of("target", "conformance") : Path.of(from);
    String only = System.getProperty("conformance.only", "");
    List<String> impls = new ArrayList<>(Kits.all().keySet());
    if (!only.isEmpty()) {
      impls.retainAll(List.of(only.split(",")));
    } else if (from.isEmpty()) {
      assertThat(impls)
          .as("the whole matrix has a %s column, which only JDK 25 with --enable-preview can run "
                  + "(this is JDK %s): run the command with JAVA_HOME set to a JDK 25",
              NativeRunners.STRUCTURED_TASK_SCOPE, Runtime.version())
          .contains(NativeRunners.STRUCTURED_TASK_SCOPE);
    }
    Instant start = Instant.now();
    if (from.isEmpty()) {
      runForks(impls, dir, Integer.getInteger("conformance.parallel", DEFAULT_PARALLEL));
    }
    ConformanceMatrix matrix = new ConformanceMatrix();
    Map<String, List<Case>> all = new LinkedHashMap<>();
    int[] undeliverable = {0};
    for (String impl : impls) {
      List<Case> cases = ConformanceFork.read(dir.resolve(impl + ".cases"), undeliverable);
      all.put(impl, cases);
      matrix.add(impl, cases, true);
    }
    Map<String, String> facts = new LinkedHashMap<>();
    Path info = dir.resolve("run.properties");
    if (from.isEmpty()) {
      Files.writeString(info, String.join("\n",
          start.truncatedTo(ChronoUnit.SECONDS).toString(),
          System.getProperty("java.version") + ", " + System.getProperty("java.vm.name"),
          Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
              + " " + System.getProperty("os.arch"),
          ConformanceRun.seconds(Duration.between(start, Instant.now())) + " s wall clock, "
              + Integer.getInteger("conformance.parallel", DEFAULT_PARALLEL)
              + " kits at once, each in a JVM of its own"), StandardCharsets.UTF_8);
    }
    List<String> run = Files.readAllLines(info, StandardCharsets.UTF_8);
    facts.put("date (UTC)", run.get(0));
    facts.put("JDK", run.get(1));
    facts.put("machine", run.get(2));
    facts.put("duration", run.get(3));
    facts.put("bound per test", ConformanceRun.TIMEOUT.toSeconds() + " s (JUnit's "
        + ConformanceRun.TIMEOUT_PROPERTY + "); a gather the TCK waits for in vain is \"hangs\"");
    facts.put("errors delivered to no one", undeliverable[0]
        + " (RxJavaPlugins.onError and Reactor's onErrorDropped, counted over the whole run)");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, matrix.markdown(facts, all, Notes.LEGEND), StandardCharsets.UTF_8);
    System.out.println("Conformance matrix: " + out.toAbsolutePath().normalize());

    if (only.isEmpty()) {
      assertThat(all.keySet()).containsAll(Kits.BACKENDS);
    }
    assertThat(all.values()).allSatisfy(cases -> assertThat(cases).isNotEmpty());
  }

  /** Runs each implementation's kit in a JVM of its own, {@code parallel} at a time. */
  private static void runForks(List<String> impls, Path dir, int parallel) throws Exception {
    Files.createDirectories(dir);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
    try {
      List<Future<String>> done = new ArrayList<>();
      for (String impl : impls) {
        done.add(pool.submit(() -> fork(impl, dir)));
      }
      for (Future<String> summary : done) {
        System.out.println(summary.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String fork(String impl, Path dir) throws Exception {
    Path cases = dir.resolve(impl + ".cases");
    Files.deleteIfExists(cases);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (ManagementFactory.getRuntimeMXBean().getInputArguments().contains("--enable-preview")) {
      command.add("--enable-preview"); // the StructuredTaskScope runner's kit (JDK 25)
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    String delayFactor = System.getProperty("concurrentrunner.test.delayFactor");
    if (delayFactor != null && !delayFactor.isBlank()) {
      command.add("-Dconcurrentrunner.test.delayFactor=" + delayFactor);
    }
    command.add(ConformanceFork.class.getName());
    command.add(impl);
    command.add(cases.toString());
    Instant t = Instant.now();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(impl + ".log").toFile())
            .start();
    if (!process.waitFor(KIT_BOUND.toMinutes(), TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(impl + ": the kit did not end within " + KIT_BOUND);
    }
    if (process.exitValue() != 0 || !Files.exists(cases)) {
      throw new IllegalStateException(impl + ": the kit's JVM exited with " + process.exitValue()
          + "; see " + dir.resolve(impl + ".log").toAbsolutePath());
    }
    List<Case> result = ConformanceFork.read(cases, new int[1]);
    return String.format("%-24s %4d cases, %3d not passing, %s s", impl, result.size(),
        result.stream().filter(c -> c.verdict() != ConformanceRun.Verdict.PASS).count(),
        ConformanceRun.seconds(Duration.between(t, Instant.now())));
  }
}
