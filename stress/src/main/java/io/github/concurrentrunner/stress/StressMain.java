package io.github.concurrentrunner.stress;

import io.github.concurrentrunner.ConcurrentRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the jcstress tests of this module against every backend on the class path.
 *
 * <p>{@code -Dstress.mode=quick} (the build's default) runs each test once in a single JVM
 * configuration: a CI-sized smoke of every race. {@code -Dstress.mode=full} lets jcstress use its
 * {@code default} preset (every JVM flag combination it detects, split compilation). Any other
 * value is passed as jcstress's {@code -m} preset ({@code tough}, {@code stress}). {@code
 * -Dstress.tests=<regex>} selects tests, {@code -Dstress.time=<ms>} and {@code
 * -Dstress.jvmArgs=<flags>} tune quick mode; other jcstress options may follow as arguments. {@code
 * -Dstress.backends=guava} restricts the backends in the forked VMs.
 *
 * <p>jcstress prints its report and exits with a failure ({@code TEST FAILURES}) when any
 * outcome is FORBIDDEN or a test errs; this main then exits non-zero, failing the build.
 */
public final class StressMain {
  private StressMain() {}

  /**
   * Runs jcstress.
   *
   * @param args extra jcstress arguments
   * @throws Exception if jcstress fails
   */
  public static void main(String[] args) throws Exception {
    String mode = System.getProperty("stress.mode", "quick");
    String backends = System.getProperty("stress.backends", "");
    List<String> command = new ArrayList<>();
    command.add("-t");
    command.add(System.getProperty("stress.tests", "io\\.github\\.concurrentrunner\\.stress\\..*"));
    command.add("-r");
    command.add(System.getProperty("stress.results", "jcstress-results"));
    switch (mode) {
      case "quick" -> {
        command.addAll(List.of("-m", "quick", "-f", System.getProperty("stress.forks", "1"), "-iters", "1", "-sc", "false"));
        command.addAll(List.of("-time", System.getProperty("stress.time", "750")));
        // one JVM configuration instead of jcstress's detected matrix
        command.addAll(
            List.of(
                "-jvmArgs",
                System.getProperty("stress.jvmArgs", "-XX:+IgnoreUnrecognizedVMOptions")));
      }
      case "full" -> command.addAll(List.of("-m", "default"));
      default -> command.addAll(List.of("-m", mode));
    }
    if (!backends.isEmpty()) {
      command.addAll(List.of("-jvmArgsPrepend", "-Dstress.backends=" + backends));
    }
    command.addAll(List.of(args));
    System.out.println(
        "concurrent-runner stress: mode="
            + mode
            + ", backends="
            + (backends.isEmpty() ? ConcurrentRunner.backends() : backends)
            + ", jcstress "
            + String.join(" ", command));
    org.openjdk.jcstress.Main.main(command.toArray(String[]::new));
  }
}
