package io.github.concurrentrunner.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.comparison.ConformanceRun.Case;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the committed matrix ({@code benchmarks/results/CONFORMANCE.md}) honest without running
 * the whole of it (13 minutes on 2 cores, three kits at a time): every implementation and every
 * rule R1-R31 has a cell, every backend passes every rule, and the cells that the committed run
 * decided quickly (at most {@value #FAST_CELL_SECONDS} s, no hang) are run again against each
 * native runner, within a budget of {@value #BUDGET_SECONDS} s by the committed run's times (about
 * 20 s on 2 cores), with the same verdict expected. A native runner that starts passing or failing
 * one of those rules fails this test, which names the cell and the command that regenerates the
 * matrix. Cells that depend on the JDK ({@link #JDK_DEPENDENT}) are re-run only on a JDK like the
 * matrix's; the {@code StructuredTaskScope} column only on JDK 25, the one JDK that runs it.
 */
class ConformanceMatrixTest {

  /** A cell is re-run when the committed run took at most this long for it. */
  static final double FAST_CELL_SECONDS = 1.0;

  /** The most the re-run may take in all, by the committed run's times. */
  static final double BUDGET_SECONDS = 45;

  static final Path MATRIX = Path.of("../benchmarks/results/CONFORMANCE.md");

  /**
   * Rules whose verdict for a native runner depends on the JDK: from JDK 21 the contract asks for
   * virtual threads in the default executor (R23), which the default pool of most native runners
   * (a cached pool of platform threads) is not, so R23 passes on 17 and fails on 21+ (the matrix
   * legend says so). These cells are re-run only on a JDK on the same side of 21 as the one that
   * generated the committed matrix (its "JDK" line).
   */
  static final Set<Integer> JDK_DEPENDENT = Set.of(23);

  /** The first JDK on which the contract's default executor is a virtual thread per task. */
  static final int VIRTUAL_THREADS = 21;

  private static final Pattern JDK_LINE = Pattern.compile("^\\| JDK \\| (\\d+)[.,]");

  /** The feature version of the JDK that generated the matrix, from its "JDK" line. */
  static int matrixJdk(Path matrix) throws IOException {
    for (String line : Files.readAllLines(matrix, StandardCharsets.UTF_8)) {
      Matcher m = JDK_LINE.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new IllegalStateException(matrix + " has no \"| JDK |\" line");
  }

  private static boolean sameSideOf21(int a, int b) {
    return (a >= VIRTUAL_THREADS) == (b >= VIRTUAL_THREADS);
  }

  private static Map<String, Map<Integer, String>> committed;
  private static Map<String, Double> seconds;
  private static int jdk;

  /** What the native libraries hand to a thread's uncaught-exception handler during the test. */
  private static final List<Throwable> UNCAUGHT = new CopyOnWriteArrayList<>();

  private static Thread.UncaughtExceptionHandler previousHandler;

  /**
   * Keeps what a native library hands to the uncaught-exception handler instead of letting the
   * JVM print it: Reactor's {@code Schedulers.handleError} gives an executor's rejection (R20) to
   * the current thread's handler, which printed "Exception in thread main" with a stack trace in
   * a green build. That is the library's behaviour the matrix records, not a failure of the test.
   */
  @BeforeAll
  static void keepUncaughtExceptions() {
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> UNCAUGHT.add(failure));
  }

  @AfterAll
  static void restoreUncaughtExceptionHandler() {
    Thread.setDefaultUncaughtExceptionHandler(previousHandler);
  }

  @BeforeAll
  static void readMatrix() throws Exception {
    committed = ConformanceMatrix.readVerdicts(MATRIX);
    seconds = ConformanceMatrix.readSeconds(MATRIX);
    jdk = matrixJdk(MATRIX);
  }

  @Test
  void everyImplementationHasACellForEveryRule() {
    List<String> expected = new ArrayList<>(NativeRunners.names());
    expected.add(NativeRunners.STRUCTURED_TASK_SCOPE); // generated on JDK 25, kept on every JDK
    expected.addAll(Kits.BACKENDS);
    assertThat(committed.keySet()).containsAll(expected);
    // The StructuredTaskScope runner is re-run below on JDK 25 only, where the build compiles it
    // and runs the tests with --enable-preview; it must then be found.
    assertThat(NativeRunners.names().contains(NativeRunners.STRUCTURED_TASK_SCOPE))
        .as("the StructuredTaskScope runner loads on JDK %s", Runtime.version().feature())
        .isEqualTo(Runtime.version().feature() == 25);
    for (Map<Integer, String> column : committed.values()) {
      assertThat(column.keySet()).hasSize(ConformanceMatrix.RULES);
      assertThat(column.values()).allMatch(Set.of("pass", "fail", "hangs", "none")::contains);
    }
    for (String backend : Kits.BACKENDS) {
      assertThat(committed.get(backend).values())
          .as("the backend %s passes every rule the TCK tests", backend)
          .allMatch(word -> word.equals("pass") || word.equals("none"));
    }
  }

  @Test
  void fastCellsOfTheNativeRunnersKeepTheirCommittedVerdicts() {
    Map<String, Set<Integer>> subset = fastSubset();
    assertThat(subset.values().stream().mapToInt(Set::size).sum())
        .as("cells re-run")
        .isGreaterThan(10);
    List<String> changed = new ArrayList<>();
    ConformanceMatrix rerun = new ConformanceMatrix();
    subset.forEach((impl, rules) -> {
      List<Case> cases = ConformanceRun.run(Kits.all().get(impl), rules);
      rerun.add(impl, cases, false);
      Map<Integer, String> now = rerun.verdicts().get(impl);
      for (int rule : rules) {
        String before = committed.get(impl).get(rule);
        if (!before.equals(now.get(rule))) {
          changed.add(impl + " R" + rule + ": the matrix says " + before + ", now " + now.get(rule));
        }
      }
    });
    assertThat(changed)
        .as("cells whose verdict changed; regenerate the matrix with `%s` and explain the change",
            ConformanceMatrix.COMMAND)
        .isEmpty();
  }

  /** The quick, decided (pass or fail) cells of each native runner, within the budget. */
  private static Map<String, Set<Integer>> fastSubset() {
    Map<String, Set<Integer>> subset = new LinkedHashMap<>();
    double budget = BUDGET_SECONDS;
    for (String impl : NativeRunners.names()) {
      Map<Integer, String> column = committed.get(impl);
      if (column == null) {
        continue;
      }
      Set<Integer> rules = new TreeSet<>();
      for (Map.Entry<Integer, String> cell : column.entrySet()) {
        double s = seconds.getOrDefault(impl + " R" + cell.getKey(), Double.MAX_VALUE);
        boolean decided = cell.getValue().equals("pass") || cell.getValue().equals("fail");
        boolean sameOnThisJdk =
            !JDK_DEPENDENT.contains(cell.getKey())
                || sameSideOf21(jdk, Runtime.version().feature());
        if (decided && sameOnThisJdk && s <= FAST_CELL_SECONDS && s <= budget) {
          rules.add(cell.getKey());
          budget -= s;
        }
      }
      subset.put(impl, rules);
    }
    return subset;
  }
}
