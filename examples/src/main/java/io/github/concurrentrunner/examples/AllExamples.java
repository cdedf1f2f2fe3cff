package io.github.concurrentrunner.examples;

import io.github.concurrentrunner.ConcurrentRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Runs every example in turn, on the backend chosen by {@code -Dconcurrentrunner.backend} (else
 * the one with the highest priority). This is what {@code ./mvnw -B -Pmain verify -DskipTests}
 * runs; any example that fails makes the program, and so the build, fail. Every example with a
 * {@code main} is run here (a test checks it).
 */
public final class AllExamples {

  private AllExamples() {}

  /**
   * Runs every example.
   *
   * @param args ignored
   * @throws IOException if the HTTP example cannot start its local server
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    run(System.out);
  }

  /**
   * Runs every example, printing to {@code out}.
   *
   * @param out where the examples print
   * @throws IOException if the HTTP example cannot start its local server
   * @throws InterruptedException if interrupted while waiting
   */
  public static void run(PrintStream out) throws IOException, InterruptedException {
    long start = System.nanoTime();
    out.println("concurrent-runner examples on " + Runtime.version()
        + "; available backends: " + ConcurrentRunner.backends());
    out.println();
    TwoTasks.run(out);
    out.println();
    OneFails.run(out);
    out.println();
    AnyAndRace.run(out);
    out.println();
    ThousandTasks.run(out);
    out.println();
    HttpAsync.run(out);
    out.println();
    QuickStart.run(out);
    out.println();
    WhichBackend.run(out);
    out.println();
    DistributedTwoTasks.run(out);
    out.println();
    out.println("all examples ran in "
        + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
  }
}
