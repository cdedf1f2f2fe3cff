package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.comparison.ConformanceRun.Case;
import io.github.concurrentrunner.comparison.ConformanceRun.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conformance matrix: rule by implementation, each cell {@code pass}, {@code fail: ...} or
 * {@code hangs: ...}; written as Markdown ({@code CONFORMANCE.md}) and read back by the test that
 * keeps it honest.
 */
final class ConformanceMatrix {

  /** The rules of the contract. */
  static final int RULES = 31;

  /**
   * The command that regenerates the matrix, on JDK 25: the {@code StructuredTaskScope} column
   * exists only there (see {@link GenerateConformanceMatrix}).
   */
  static final String COMMAND =
      "JAVA_HOME=<a JDK 25> ./mvnw -B -ntp -pl comparison -am verify "
          + "-Dtest=GenerateConformanceMatrix -Dsurefire.failIfNoSpecifiedTests=false";

  private static final Pattern SECONDS = Pattern.compile("^<!-- seconds (\\S+) R(\\d+) ([0-9.]+) -->$");

  /** One cell: its verdict word, its text, and how long its cases ran. */
  record Cell(String verdict, String text, Duration duration) {}

  /** The message of a native runner's refusal of maxConcurrency (see NativeRunner). */
  private static final String REFUSAL = "has no bounded aggregate";

  private final Map<String, Map<Integer, Cell>> cells = new LinkedHashMap<>();

  /** Summarises an implementation's cases into one cell per rule. */
  void add(String implementation, List<Case> cases, boolean withNotes) {
    Map<Integer, Cell> column = new LinkedHashMap<>();
    for (int rule = 1; rule <= RULES; rule++) {
      int r = rule;
      List<Case> ofRule = cases.stream().filter(c -> c.rule() == r).toList();
      Duration duration =
          ofRule.stream().map(Case::duration).reduce(Duration.ZERO, Duration::plus);
      column.put(rule, cell(ofRule, withNotes ? Notes.note(implementation, rule) : null, duration));
    }
    cells.put(implementation, column);
  }

  private static Cell cell(List<Case> cases, String note, Duration duration) {
    if (cases.isEmpty()) {
      return new Cell("none", "no TCK test yet", duration);
    }
    long failed = cases.stream().filter(c -> c.verdict() == Verdict.FAIL).count();
    long hung = cases.stream().filter(c -> c.verdict() == Verdict.HANGS).count();
    if (failed == 0 && hung == 0) {
      return new Cell("pass", "pass", duration);
    }
    String verdict = failed > 0 ? "fail" : "hangs";
    Verdict worst = failed > 0 ? Verdict.FAIL : Verdict.HANGS;
    // A native runner that refuses maxConcurrency fails every bounded case the same way: show
    // what the unbounded cases observed first, and the refusal after it.
    List<Case> informative =
        cases.stream()
            .filter(c -> c.verdict() != Verdict.PASS && !c.observed().contains(REFUSAL))
            .sorted(Comparator.comparing(c -> c.verdict() != worst))
            .toList();
    boolean refused = cases.stream().anyMatch(c -> c.observed().contains(REFUSAL));
    String observed;
    if (informative.isEmpty()) {
      observed = "maxConcurrency refused (no bounded aggregate)";
    } else {
      observed = (note != null ? note : readable(informative.get(0).observed()))
          + (refused ? "; bounded cases: maxConcurrency refused" : "");
    }
    String counts =
        String.format(Locale.ROOT, " (%d of %d cases%s)", failed + hung, cases.size(),
            failed > 0 && hung > 0 ? ", " + hung + " hang" : "");
    return new Cell(verdict, verdict + ": " + observed + counts, duration);
  }

  /**
   * AssertJ's "[what] Expecting value to be true but was false" as "not so: what" (and the
   * converse), the rest unchanged.
   */
  static String readable(String observed) {
    Matcher m = BOOLEAN.matcher(observed);
    if (m.matches()) {
      return (m.group(2).equals("true") ? "not so: " : "so, though it should not be: ") + m.group(1);
    }
    return observed;
  }

  private static final Pattern BOOLEAN =
      Pattern.compile("^\\[(.*)\\] Expecting value to be (true|false) but was (?:true|false)$");

  /** The verdict words of this matrix: implementation to rule to pass/fail/hangs/none. */
  Map<String, Map<Integer, String>> verdicts() {
    Map<String, Map<Integer, String>> verdicts = new LinkedHashMap<>();
    cells.forEach((impl, column) -> {
      Map<Integer, String> words = new LinkedHashMap<>();
      column.forEach((rule, cell) -> words.put(rule, cell.verdict()));
      verdicts.put(impl, words);
    });
    return verdicts;
  }

  /** The verdict words of a committed matrix: implementation to rule to pass/fail/hangs/none. */
  static Map<String, Map<Integer, String>> readVerdicts(Path file) throws IOException {
    return ConformanceTable.read(file);
  }

  /** The recorded run time of each cell: "implementation R7" to seconds. */
  static Map<String, Double> readSeconds(Path file) throws IOException {
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      Matcher m = SECONDS.matcher(line);
      if (m.matches()) {
        seconds.put(m.group(1) + " R" + m.group(2), Double.parseDouble(m.group(3)));
      }
    }
    return seconds;
  }

  /** The Markdown. */
  String markdown(Map<String, String> facts, Map<String, List<Case>> cases, String legend) {
    StringBuilder md = new StringBuilder("# Conformance matrix\n\n");
    md.append(legend).append("\n\n");
    md.append("Regenerate: `").append(COMMAND).append("`\n\n");
    md.append("| | |\n|---|---|\n");
    facts.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append('\n');
    Set<String> impls = new LinkedHashSet<>(cells.keySet());
    md.append("| rule |");
    impls.forEach(i -> md.append(" `").append(i).append("` |"));
    md.append("\n|---|");
    impls.forEach(i -> md.append("---|"));
    md.append('\n');
    for (int rule = 1; rule <= RULES; rule++) {
      md.append("| R").append(rule).append(" |");
      for (String impl : impls) {
        md.append(' ').append(cells.get(impl).get(rule).text()).append(" |");
      }
      md.append('\n');
    }
    md.append("\n## Failing cases\n\nEvery failing or hanging test case, with the TCK's own "
        + "message.\n");
    for (Map.Entry<String, List<Case>> impl : cases.entrySet()) {
      List<Case> failing = impl.getValue().stream().filter(c -> c.verdict() != Verdict.PASS).toList();
      md.append("\n### `").append(impl.getKey()).append("`\n\n");
      if (failing.isEmpty()) {
        md.append("None: every test passed.\n");
        continue;
      }
      md.append("| rule | test | verdict | s | observed |\n|---|---|---|---:|---|\n");
      for (Case c : failing) {
        md.append("| R").append(c.rule()).append(" | ").append(c.test().replace("|", "/"))
            .append(" | ").append(c.verdict().name().toLowerCase(Locale.ROOT)).append(" | ")
            .append(ConformanceRun.seconds(c.duration())).append(" | ").append(c.observed())
            .append(" |\n");
      }
    }
    md.append("\n<!-- The run time of each cell, read by ConformanceMatrixTest to pick its fast "
        + "subset. -->\n");
    cells.forEach((impl, column) -> column.forEach((rule, cell) ->
        md.append("<!-- seconds ").append(impl).append(" R").append(rule).append(' ')
            .append(ConformanceRun.seconds(cell.duration())).append(" -->\n")));
    return md.toString();
  }
}
