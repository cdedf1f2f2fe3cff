package io.github.concurrentrunner.benchmarks;

import io.github.concurrentrunner.comparison.ConformanceTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The conformance matrix beside the numbers: for each implementation, how many of the rules the
 * TCK tests it passes, and which of the rules that matter in a scenario it does not.
 *
 * @param verdicts implementation to rule to verdict word (empty without a matrix)
 * @param link the matrix's path relative to the report, or null without a matrix
 */
record Conformance(Map<String, Map<Integer, String>> verdicts, String link) {

  /** The rules a reader of each scenario's numbers should see the verdicts of. */
  private static final Map<String, List<Integer>> KEY_RULES =
      Map.of(
          "Completed", List.of(1, 3, 5, 13),
          "Blocking", List.of(7, 10, 17, 23),
          "Failure", List.of(7, 8, 9, 12),
          "Both", List.of(7, 26));

  /** Finds {@code CONFORMANCE.md} beside the report or one directory up (the quick report). */
  static Conformance find(Path outDir) throws IOException {
    if (Files.exists(outDir.resolve("CONFORMANCE.md"))) {
      return new Conformance(ConformanceTable.read(outDir.resolve("CONFORMANCE.md")),
          "CONFORMANCE.md");
    }
    Path parent = outDir.toAbsolutePath().getParent();
    if (parent != null && Files.exists(parent.resolve("CONFORMANCE.md"))) {
      return new Conformance(ConformanceTable.read(parent.resolve("CONFORMANCE.md")),
          "../CONFORMANCE.md");
    }
    return new Conformance(Map.of(), null);
  }

  boolean present() {
    return link != null;
  }

  /**
   * One cell: {@code 9/26, fails R7 R8} (passed of the rules with a TCK test, then the key rules
   * of the scenario that do not pass), or a dash for a raw baseline or floor.
   */
  String cell(String scenario, Row row) {
    Map<Integer, String> column = verdicts.get(row.impl());
    if (column == null) {
      return "–";
    }
    long tested = column.values().stream().filter(v -> !v.equals("none")).count();
    long passed = column.values().stream().filter(v -> v.equals("pass")).count();
    String failing =
        KEY_RULES.getOrDefault(scenario, List.of()).stream()
            .filter(rule -> !column.getOrDefault(rule, "none").equals("pass")
                && !column.getOrDefault(rule, "none").equals("none"))
            .map(rule -> "R" + rule)
            .collect(Collectors.joining(" "));
    return passed + "/" + tested + (failing.isEmpty() ? "" : ", fails " + failing);
  }
}
