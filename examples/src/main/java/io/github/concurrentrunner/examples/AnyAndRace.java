package io.github.concurrentrunner.examples;

import io.github.concurrentrunner.AllFailedException;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Three mirrors of the same file with different latencies; the nearest one is down.
 *
 * <ul>
 *   <li>{@code any} returns the first <em>success</em>: the failure of the nearest mirror is
 *       skipped, the second mirror wins, the slowest is cancelled.
 *   <li>{@code race} returns the first task to <em>settle</em>, successful or not: here the
 *       failure, thrown as {@link TaskFailedException}.
 *   <li>{@code any} over mirrors that all fail throws {@link AllFailedException} with every
 *       failure in input order.
 * </ul>
 *
 * <pre>{@code
 * AnyAndRace on backend completablefuture
 *   any: file from mirror-us (after 402 ms; mirror-asia was cancelled)
 *   race: task 0 ('mirror-eu') failed on backend 'completablefuture': java.io.IOException: ...
 *   any over failing mirrors: all 2 tasks failed on backend 'completablefuture'
 *     java.io.IOException: mirror-eu is down
 *     java.io.IOException: mirror-ap is down
 * }</pre>
 */
public final class AnyAndRace {

  /**
   * What the example found.
   *
   * @param backend the backend that ran it
   * @param anyValue what {@code any} returned
   * @param anyElapsed how long {@code any} took
   * @param raceFailure what {@code race}'s {@code await()} threw
   * @param allFailed what {@code any} over failing mirrors threw
   */
  public record Result(
      String backend,
      String anyValue,
      Duration anyElapsed,
      TaskFailedException raceFailure,
      AllFailedException allFailed) {}

  private AnyAndRace() {}

  /**
   * Runs the example on the backend chosen by {@code -Dconcurrentrunner.backend}.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }

  /**
   * Runs the example and prints what happens.
   *
   * @param out where to print
   * @return what the example found
   * @throws InterruptedException if interrupted while waiting
   */
  public static Result run(PrintStream out) throws InterruptedException {
    try (ConcurrentRunner runner = ConcurrentRunner.create()) {
      out.println("AnyAndRace on backend " + runner.backend());
      List<Task<String>> mirrors = List.of(
          Task.of("mirror-eu", () -> download("mirror-eu", 100, false)),   // fast, but down
          Task.of("mirror-us", () -> download("mirror-us", 400, true)),
          Task.of("mirror-asia", () -> download("mirror-asia", 5_000, true)));

      // any: the first success. When it arrives, the others are cancelled and waited for.
      long start = System.nanoTime();
      String file = runner.any(mirrors).await();
      Duration anyElapsed = Duration.ofNanos(System.nanoTime() - start);
      out.println("  any: " + file + " (after " + anyElapsed.toMillis()
          + " ms; mirror-asia was cancelled)");

      // race: the first task to settle, even if it failed.
      TaskFailedException raceFailure = null;
      try {
        runner.race(mirrors).await();
      } catch (TaskFailedException e) {
        raceFailure = e; // e.getCause() is the IOException of mirror-eu
      }
      out.println("  race: " + raceFailure.getMessage());

      // any, when every task fails: AllFailedException, like JavaScript's AggregateError.
      AllFailedException allFailed = null;
      try {
        runner.any(List.of(
            Task.of("mirror-eu", () -> download("mirror-eu", 100, false)),
            Task.of("mirror-ap", () -> download("mirror-ap", 200, false)))).await();
      } catch (AllFailedException e) {
        allFailed = e;
      }
      out.println("  any over failing mirrors: " + allFailed.getMessage());
      for (Throwable failure : allFailed.failures()) { // in input order
        out.println("    " + failure);
      }
      return new Result(runner.backend(), file, anyElapsed, raceFailure, allFailed);
    }
  }

  /** Stands for a download: takes {@code millis}, then returns the file or fails. */
  private static String download(String mirror, long millis, boolean up)
      throws IOException, InterruptedException {
    Thread.sleep(millis);
    if (!up) {
      throw new IOException(mirror + " is down");
    }
    return "file from " + mirror;
  }
}
