package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.comparison.ConformanceRun.Case;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the kit of one implementation in a JVM of its own and writes its cases, one line each (see
 * {@link Case#toLine()}), after a first line {@code undeliverable N}. {@link
 * GenerateConformanceMatrix} starts one per implementation, a few at a time: the kit's checks
 * after each test (no thread left, no task body running) look at the whole JVM, so two kits must
 * never share one, and most of a native runner's time is spent in the kit's bounded waits, which
 * overlap well.
 */
final class ConformanceFork {
  private ConformanceFork() {}

  /**
   * Runs the kit.
   *
   * @param args the implementation's name and the output file
   * @throws IOException if the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2 || !Kits.all().containsKey(args[0])) {
      throw new IllegalArgumentException(
          "usage: ConformanceFork IMPLEMENTATION OUT, IMPLEMENTATION one of " + Kits.all().keySet());
    }
    List<Case> cases = ConformanceRun.run(Kits.all().get(args[0]), Set.of());
    List<String> lines = new ArrayList<>();
    lines.add("undeliverable " + Kits.UNDELIVERABLE.get());
    cases.forEach(c -> lines.add(c.toLine()));
    Files.write(Path.of(args[1]), lines, StandardCharsets.UTF_8);
    // The libraries' global schedulers are daemon threads; a task a native runner leaked may
    // not be: end the JVM, as surefire does after its tests.
    System.exit(0);
  }

  /**
   * Reads what {@link #main} wrote.
   *
   * @param file the file
   * @param undeliverable where to add the count of undeliverable errors
   * @return the cases
   * @throws IOException if the file cannot be read
   */
  static List<Case> read(Path file, int[] undeliverable) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    undeliverable[0] += Integer.parseInt(lines.get(0).substring("undeliverable ".length()));
    return lines.subList(1, lines.size()).stream().map(Case::parse).toList();
  }
}
