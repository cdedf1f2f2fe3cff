package io.github.concurrentrunner.examples;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The first example: two tasks that each take a while, run at once. Task A sleeps 2 s, task B
 * sleeps 1 s; {@code all} returns both results after about 2 s (the longer task), not 3 s (the
 * sum).
 *
 * <pre>{@code
 * TwoTasks on backend completablefuture
 *   results: [A slept 2 s, B slept 1 s]
 *   wall time: 2004 ms (one after the other: 3000 ms)
 * }</pre>
 */
public final class TwoTasks {

  /**
   * What the example found.
   *
   * @param backend the backend that ran it
   * @param results the tasks' values, in input order
   * @param elapsed the wall time of the gather
   */
  public record Result(String backend, List<String> results, Duration elapsed) {}

  private TwoTasks() {}

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
    // create() picks the backend: -Dconcurrentrunner.backend, else CONCURRENT_RUNNER_BACKEND,
    // else the available backend with the highest priority. Close the runner when done.
    try (ConcurrentRunner runner = ConcurrentRunner.create()) {
      out.println("TwoTasks on backend " + runner.backend());

      // A task is a recipe: nothing runs until a gather starts it.
      Task<String> a = Task.of("A", () -> {
        Thread.sleep(2_000); // stands for a slow call: a database query, a remote service...
        return "A slept 2 s";
      });
      Task<String> b = Task.of("B", () -> {
        Thread.sleep(1_000);
        return "B slept 1 s";
      });

      long start = System.nanoTime();
      // all() starts both tasks at once and returns a handle; await() waits for both results,
      // which come back in input order, whatever order the tasks finished in.
      List<String> results = runner.all(a, b).await();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      out.println("  results: " + results);
      out.println("  wall time: " + elapsed.toMillis() + " ms (one after the other: 3000 ms)");
      return new Result(runner.backend(), results, elapsed);
    }
  }
}
